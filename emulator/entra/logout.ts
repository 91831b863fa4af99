// The end-session endpoint: forgets the browser's session, then goes back to the app if the
// address is one an app of the directory may be sent to, or shows "You signed out".
import type { IncomingMessage, ServerResponse } from "node:http";
import { send } from "../server/http";
import { redirectAllowed } from "./directory";
import { signedOutPage } from "./pages";
import { sendPage } from "./replies";
import { endSession } from "./sessions";
import type { AuthorityState } from "./state";
import { randomId } from "./tokens";

export function logout(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void {
  endSession(state, req, res);
  const next = url.searchParams.get("post_logout_redirect_uri");
  if (next && state.directory.apps.some((a) => redirectAllowed(a, next))) {
    send(res, { status: 302, headers: { Location: next } });
    return;
  }
  sendPage(state, res, 200, signedOutPage(randomId(12)));
}
