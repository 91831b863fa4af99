// The popup rendered against a background that answers each message type from a table: the tab
// shows Fabrikam Fiber, Avery Admin is signed in, and the project is in the backup scope, unless a
// test answers otherwise.
import { render } from "@testing-library/preact";
import { Popup } from "../../../extension/popup/popup";
import type { Envelope, Messages, Reply } from "../../../src/browser/messages";
import { FIBER } from "./fabrikam-fiber";

export { FIBER };
export const ORG = "https://dev.azure.com/fabrikam/";

export type Answers = { [K in keyof Messages]?: () => Reply<Messages[K]["response"]> };

/** Renders the popup; `blocked` says why this user cannot change the scope. Returns what it asked. */
export function renderPopup(answers: Answers, blocked?: string): Envelope[] {
  const asked: Envelope[] = [];
  const all: Answers = {
    getTabContext: () => ({
      ok: true,
      value: { context: { organization: "fabrikam", orgUrl: ORG, project: FIBER.name } },
    }),
    getBackupState: () => ({
      ok: true,
      value: {
        signIn: {
          kind: "signed-in",
          account: { id: "u1", name: "Avery Admin", username: "avery@fabrikam.example" },
        },
        project: {
          project: FIBER,
          status: "chosen",
          isProtected: true,
          dataTypes: ["repos"],
          summary: "In the backup scope: an administrator added this project.",
          includeNewProjects: false,
          defaultDataTypes: ["repos"],
          ...(blocked ? { blocked } : {}),
        },
      },
    }),
    ...answers,
  };
  const sendMessage = async (m: unknown) => {
    const envelope = m as Envelope;
    asked.push(envelope);
    return all[envelope.type]?.();
  };
  render(
    <Popup
      sendMessage={sendMessage}
      targetTabId={async () => 7}
      openOptions={async () => undefined}
    />,
  );
  return asked;
}
