// The authority's sign-in session: a cookie naming who signed in last in this browser, so a
// silent request (prompt=none) can be answered without a page.
import type { IncomingMessage, ServerResponse } from "node:http";
import { findUser, type EntraUser } from "./directory";
import type { AuthorityState } from "./state";
import { randomId } from "./tokens";

const SESSION_COOKIE = "entra_session";

function sessionIds(req: IncomingMessage): string[] {
  const ids: string[] = [];
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === SESSION_COOKIE && value) ids.push(value);
  }
  return ids;
}

/** The user the request's session cookie names, if the session is still known. */
export function sessionUser(state: AuthorityState, req: IncomingMessage): EntraUser | undefined {
  const first = sessionIds(req)[0];
  return first === undefined ? undefined : findUser(state, state.sessions.get(first));
}

export function startSession(state: AuthorityState, res: ServerResponse, user: EntraUser): void {
  const sid = randomId(24);
  state.sessions.set(sid, user.id);
  res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${sid}; Path=/; Secure; HttpOnly; SameSite=None`);
}

/** Forgets the request's sessions and tells the browser to drop the cookie. */
export function endSession(state: AuthorityState, req: IncomingMessage, res: ServerResponse): void {
  for (const sid of sessionIds(req)) state.sessions.delete(sid);
  res.setHeader(
    "Set-Cookie",
    `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`,
  );
}
