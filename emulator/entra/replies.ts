// How the authority answers: JSON (never cached), OAuth errors in Entra's body shape, its HTML
// pages, and the authorization response sent back to the client's redirect URI. Reading and
// sending bodies is the emulator's shared plumbing (emulator/server/http.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, send } from "../server/http";
import { errorPage, formPostPage, type HtmlPage } from "./pages";
import type { AuthorityState, ResponseMode } from "./state";
import { randomId } from "./tokens";

/** An OAuth error as the token endpoint returns it. */
export interface OAuthError {
  error: string;
  suberror?: string;
  description: string;
}

/** A refusal where a result is an answer or an OAuth error. */
export function refused(
  error: string,
  description: string,
  suberror?: string,
): { ok: false } & OAuthError {
  return { ok: false, error, ...(suberror === undefined ? {} : { suberror }), description };
}

const FORM_LIMIT_BYTES = 1_000_000;

/** A form post's fields (application/x-www-form-urlencoded). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, FORM_LIMIT_BYTES)).toString("utf8"));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, {
    status,
    body,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** Entra's error body: the AADSTS code also as a number, a timestamp and trace ids. */
export function sendOAuthError(
  state: AuthorityState,
  res: ServerResponse,
  status: number,
  err: OAuthError,
): void {
  const code = /^AADSTS(\d+)/.exec(err.description)?.[1];
  sendJson(res, status, {
    error: err.error,
    error_description: err.description,
    error_codes: code ? [Number(code)] : [],
    timestamp: new Date(state.now())
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, "Z"),
    trace_id: randomId(8),
    correlation_id: randomId(8),
    ...(err.suberror ? { suberror: err.suberror } : {}),
  });
}

/**
 * An HTML page with its own CSP. `interactive` pages (sign-in, consent) sever `window.opener`
 * unless the authority was told not to (docs/platform.md#popup-and-frame-messaging).
 */
export function sendPage(
  state: AuthorityState,
  res: ServerResponse,
  status: number,
  page: HtmlPage,
  interactive = false,
): void {
  const headers: Record<string, string> = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": page.csp,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
  if (interactive && state.severOpener) headers["Cross-Origin-Opener-Policy"] = "same-origin";
  send(res, { status, body: page.html, headers });
}

/** A page telling the person what failed, for requests that cannot go back to the client. */
export function sendErrorPage(
  state: AuthorityState,
  res: ServerResponse,
  title: string,
  description: string,
): void {
  const code = /^(AADSTS\d+)/.exec(description)?.[1] ?? "error";
  sendPage(state, res, 400, errorPage({ nonce: randomId(12), title, code, description }));
}

/**
 * Sends the outcome to the client's redirect URI the way it asked (query, fragment or form_post),
 * with the `state` it sent, as Entra always returns it.
 */
export function respondToClient(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  to: { redirectUri: string; mode: ResponseMode; state?: string | undefined },
  params: Record<string, string | undefined>,
): void {
  const defined: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...params, state: to.state }))
    if (v !== undefined) defined[k] = v;
  if (to.mode === "form_post") {
    const page = formPostPage({
      nonce: randomId(12),
      redirectUri: to.redirectUri,
      params: defined,
    });
    sendPage(state, res, 200, page);
    return;
  }
  const target = new URL(to.redirectUri);
  if (to.mode === "fragment") target.hash = new URLSearchParams(defined).toString();
  else for (const [k, v] of Object.entries(defined)) target.searchParams.set(k, v);
  send(res, {
    status: req.method === "POST" ? 303 : 302,
    headers: { Location: target.toString(), "Cache-Control": "no-store" },
  });
}

/** Lets a browser app (MSAL in a page) read the JSON endpoints from its own origin. */
export function allowCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
  }
}
