// Modal dialogs and panels hosting contributions, message dialogs, toasts and banners: what the
// host-page-layout and global-messages services show.
import { findContribution } from "./boot";
import { hostContribution } from "./contribution-frame";
import { el, focusableIn } from "./dom";
import type { HostPage } from "./host-page";

export interface DialogOptions {
  title?: string;
  description?: string;
  configuration?: Record<string, unknown>;
  onClose?: (result: unknown) => void;
  lightDismiss?: boolean;
}

export interface MessageDialogOptions {
  title?: string;
  okText?: string;
  cancelText?: string;
  showCancel?: boolean;
  onClose?: (result: boolean) => void;
  lightDismiss?: boolean;
}

let nextOverlayId = 1;

interface Overlay {
  surface: HTMLElement;
  body: HTMLElement;
  close(): void;
}

/** A modal surface: role=dialog, aria-modal, labelled by its title, focus trapped, Escape closes. */
function openOverlay(
  kind: "dialog" | "panel",
  title: string,
  lightDismiss: boolean,
  onDismiss: () => void,
): Overlay {
  const id = `overlay-${nextOverlayId++}`;
  const returnFocus =
    document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const closeButton = el(
    "button",
    { type: "button", class: "icon-button overlay-close", "aria-label": "Close" },
    "✕",
  );
  const body = el("div", { class: `${kind}-body` });
  const surface = el(
    "div",
    {
      class: `${kind}`,
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": `${id}-title`,
      tabindex: "-1",
    },
    el("header", { class: `${kind}-header` }, el("h2", { id: `${id}-title` }, title), closeButton),
    body,
  );
  const backdrop = el("div", { class: `overlay-backdrop overlay-backdrop--${kind}` }, surface);
  const app = document.getElementById("app");
  app?.setAttribute("inert", "");
  document.body.append(backdrop);

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    backdrop.remove();
    if (!document.querySelector(".overlay-backdrop")) app?.removeAttribute("inert");
    returnFocus?.focus();
  };
  closeButton.addEventListener("click", onDismiss);
  backdrop.addEventListener("mousedown", (e) => {
    if (lightDismiss && e.target === backdrop) onDismiss();
  });
  surface.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onDismiss();
    } else if (e.key === "Tab") {
      const focusable = focusableIn(surface);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  queueMicrotask(() => surface.focus());
  return { surface, body, close };
}

/** openCustomDialog / openPanel: the contribution gets `dialog.close` (or `panel.close`) in its config. */
export function openContributionOverlay(
  page: HostPage,
  kind: "dialog" | "panel",
  contributionId: string,
  options: DialogOptions = {},
): void {
  const contribution = findContribution(page.boot, contributionId);
  let frameDispose = (): void => undefined;
  let done = false;
  const finish = (result: unknown): void => {
    if (done) return;
    done = true;
    frameDispose();
    overlay.close();
    options.onClose?.(result);
  };
  const overlay = openOverlay(kind, options.title ?? "", options.lightDismiss !== false, () =>
    finish(undefined),
  );
  if (!contribution) {
    overlay.body.append(
      el(
        "p",
        { role: "alert", class: "is-error" },
        `No contribution "${contributionId}" in this extension.`,
      ),
    );
    return;
  }
  const closer = { close: (result?: unknown) => finish(result) };
  const config = { ...(options.configuration ?? {}), [kind]: closer };
  const frame = hostContribution(page, overlay.body, contribution, kind, config);
  frameDispose = frame.dispose;
}

export function openMessageDialog(message: string, options: MessageDialogOptions = {}): void {
  let done = false;
  const finish = (result: boolean): void => {
    if (done) return;
    done = true;
    overlay.close();
    options.onClose?.(result);
  };
  const overlay = openOverlay(
    "dialog",
    options.title ?? "Message",
    options.lightDismiss !== false,
    () => finish(false),
  );
  const ok = el(
    "button",
    { type: "button", class: "button primary", onclick: () => finish(true) },
    options.okText ?? "OK",
  );
  overlay.body.append(
    el("p", {}, message),
    el(
      "div",
      { class: "dialog-footer" },
      ok,
      options.showCancel &&
        el(
          "button",
          { type: "button", class: "button", onclick: () => finish(false) },
          options.cancelText ?? "Cancel",
        ),
    ),
  );
}

export function showToast(region: HTMLElement, message: string, duration: number): void {
  const toast = el("div", { class: "toast" }, message);
  region.append(toast);
  setTimeout(() => toast.remove(), Math.max(1000, duration || 5000));
}

const bannerLevels = ["info", "warning", "error", "success"] as const;

export function showBanner(
  region: HTMLElement,
  banner: { message?: string; level?: number; dismissable?: boolean },
): void {
  const level = bannerLevels[banner.level ?? 0] ?? "info";
  const node = el(
    "div",
    { class: `banner banner--${level}`, role: level === "error" ? "alert" : "status" },
    el("span", {}, banner.message ?? ""),
    banner.dismissable !== false &&
      el(
        "button",
        {
          type: "button",
          class: "icon-button",
          "aria-label": "Dismiss banner",
          onclick: () => node.remove(),
        },
        "✕",
      ),
  );
  region.replaceChildren(node);
}
