// Which organization and project the tab shows, read from its URL alone (no content script).
import type { Handlers } from "../../src/browser/messages";
import { tabContextOf } from "../../src/browser/tab-context";
import type { OrganizationSessions } from "./organization-sessions";

export function tabHandlers({ deps }: OrganizationSessions): Pick<Handlers, "getTabContext"> {
  return {
    async getTabContext({ tabId }) {
      const tab =
        tabId !== undefined
          ? await deps.browser.tabs.get(tabId)
          : (await deps.browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
      return { context: tabContextOf(tab?.url) ?? null };
    },
  };
}
