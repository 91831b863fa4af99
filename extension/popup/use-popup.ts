// The popup's effects around popupReducer: read the tab's organization and project, then their
// backup state; carry out one action at a time (sign in, sign out, add or remove the project),
// each through the background's typed messages. A failure is kept in words, never swallowed.
import { useCallback, useEffect, useReducer } from "preact/hooks";
import { type SendMessage, ask } from "../../src/browser/messages";
import type { TabContext } from "../../src/browser/tab-context";
import { INITIAL_POPUP, type PopupAction, type PopupState, popupReducer } from "./popup-state";

export interface PopupModel {
  state: PopupState;
  dispatch: (action: PopupAction) => void;
  /** Reads the tab's backup state again. */
  refresh: (context: TabContext) => Promise<void>;
  /** Runs one action, its words in the status line meanwhile; a failure is said. */
  act: (label: string, work: () => Promise<void>) => Promise<void>;
}

const wordsOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function usePopup(
  sendMessage: SendMessage,
  targetTabId: () => Promise<number | undefined>,
): PopupModel {
  const [state, dispatch] = useReducer(popupReducer, INITIAL_POPUP);

  const refresh = useCallback(
    async (context: TabContext) => {
      const answer = await ask(sendMessage, "getBackupState", {
        orgUrl: context.orgUrl,
        ...(context.project ? { project: context.project } : {}),
      });
      dispatch({ type: "stateRead", context, state: answer });
    },
    [sendMessage],
  );

  useEffect(() => {
    void (async () => {
      try {
        const tabId = await targetTabId();
        const { context } = await ask(
          sendMessage,
          "getTabContext",
          tabId !== undefined ? { tabId } : {},
        );
        if (!context) return dispatch({ type: "noProject" });
        dispatch({ type: "contextRead", context });
        await refresh(context);
      } catch (e) {
        dispatch({ type: "failed", message: wordsOf(e) });
      }
    })();
  }, [sendMessage, targetTabId, refresh]);

  const act = useCallback(async (label: string, work: () => Promise<void>) => {
    dispatch({ type: "actStarted", label });
    try {
      await work();
    } catch (e) {
      dispatch({ type: "failed", message: wordsOf(e) });
    } finally {
      dispatch({ type: "actEnded" });
    }
  }, []);

  return { state, dispatch, refresh, act };
}
