// The toolbar popup: the backup state of the Azure DevOps project open in the current tab.
import { render } from "preact";
import browser from "webextension-polyfill";
import { Popup } from "./popup";

/** Opened as a page (popup.html?tabId=N) the popup describes that tab instead of the active one. */
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get("tabId"));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

const root = document.getElementById("root");
if (root) {
  render(
    <Popup
      sendMessage={(m) => browser.runtime.sendMessage(m)}
      targetTabId={targetTabId}
      openOptions={() => browser.runtime.openOptionsPage()}
    />,
    root,
  );
}
