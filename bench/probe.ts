// What the bench observes inside the browser, installed in every frame before any page script
// runs. It records instants (epoch ms from the frame's own clock) at which a user would notice
// something: the host inserting the hub's iframe, the hub's overview complete, the full project
// count shown, the admin confirming a save, the hub reporting it saved.
//
// This function is serialised by Playwright and runs in the browser: it must not close over
// anything from this module.

export interface ProbeMarks {
  /** Host page: the hub's <iframe> was inserted. */
  iframeCreated?: number;
  /** Hub: every fact of the Overview region has a value (no "Loading" placeholder left). */
  overviewShown?: number;
  /** Hub: "Projects backed up" shows a final total (no "+", not "still counting"). */
  projectsListed?: number;
  /** Hub: the admin pressed "Confirm and save". */
  confirmClicked?: number;
  /** Hub: a status message says "Saved N changes". */
  saved?: number;
}

export function installProbe(): void {
  const marks: ProbeMarks = {};
  (window as unknown as { __benchMarks: ProbeMarks }).__benchMarks = marks;
  const now = (): number => performance.timeOrigin + performance.now();
  const inHub = /\/backup-hub\/[^/]+\.html$/.test(location.pathname);

  const checkHost = (): boolean => {
    if (marks.iframeCreated === undefined) {
      if (document.querySelector('iframe[data-contribution-id$=".backup-hub"]'))
        marks.iframeCreated = now();
    }
    return marks.iframeCreated !== undefined;
  };

  const checkHub = (): boolean => {
    const overview = document.querySelector('section[aria-labelledby="overview-title"]');
    if (overview) {
      const values = Array.from(overview.querySelectorAll("dd"));
      if (
        marks.overviewShown === undefined &&
        values.length > 0 &&
        values.every((dd) => dd.querySelector(".placeholder") === null)
      )
        marks.overviewShown = now();
      if (marks.projectsListed === undefined) {
        for (const dt of Array.from(overview.querySelectorAll("dt"))) {
          if (dt.textContent?.trim() !== "Projects backed up") continue;
          const dd = dt.nextElementSibling;
          const count = dd?.firstChild?.textContent?.trim() ?? "";
          if (
            /^[\d.,\s\u00a0\u202f]+ of [\d.,\s\u00a0\u202f]+$/.test(count) &&
            !dd?.querySelector(".fact-note")
          )
            marks.projectsListed = now();
        }
      }
    }
    if (marks.saved === undefined && marks.confirmClicked !== undefined) {
      for (const status of Array.from(document.querySelectorAll('[role="status"], [role="alert"]')))
        if (/Saved [\d.,\s\u00a0\u202f]+ changes?\b/.test(status.textContent ?? "")) {
          marks.saved = now();
          break;
        }
    }
    return marks.saved !== undefined;
  };

  if (inHub) {
    // Capture phase: the instant of the click, before the hub's own handler starts the save.
    document.addEventListener(
      "click",
      (e) => {
        const button = (e.target as Element | null)?.closest?.("button");
        if (
          button?.textContent?.trim() === "Confirm and save" &&
          marks.confirmClicked === undefined
        )
          marks.confirmClicked = now();
      },
      true,
    );
  }
  const check = inHub ? checkHub : checkHost;
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}
