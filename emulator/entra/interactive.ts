// What the two endpoints a person sees in the browser (authorize, admin consent) share: checking
// the app and redirect URI the request names (an error page, never a redirect, when they are
// wrong, as Entra does), the "Pick an account" page, and reading what its form posts back.
import type { IncomingMessage, ServerResponse } from "node:http";
import { findApp, redirectAllowed, usersOf, type EntraApp, type EntraUser } from "./directory";
import { findFlow } from "./flows";
import { signInPage } from "./pages";
import { readForm, sendErrorPage, sendPage } from "./replies";
import { startSession } from "./sessions";
import type { AuthorityState, Flow, TenantRef } from "./state";
import { randomId } from "./tokens";

/** The app and its redirect URI, or undefined once an error page titled `title` is sent. */
export function requestingClient(
  state: AuthorityState,
  res: ServerResponse,
  title: string,
  asked: {
    clientId: string | null;
    /** How the error names the directory. */
    directoryName: string;
    redirectUri: string | null;
    /** Admin consent: without a redirect_uri, the app's first registered one. */
    orFirstRegistered?: boolean;
  },
): { app: EntraApp; redirectUri: string } | undefined {
  const app = findApp(state, asked.clientId);
  if (!app) {
    sendErrorPage(
      state,
      res,
      title,
      `AADSTS700016: Application with identifier '${asked.clientId ?? ""}' was not found in the directory '${asked.directoryName}'.`,
    );
    return undefined;
  }
  const redirectUri =
    asked.redirectUri ?? (asked.orFirstRegistered ? (app.redirectUris?.[0] ?? null) : null);
  if (!redirectAllowed(app, redirectUri)) {
    sendErrorPage(
      state,
      res,
      title,
      `AADSTS50011: The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
    );
    return undefined;
  }
  return { app, redirectUri };
}

/** "Pick an account", posting back to `action` under the flow's id. */
export function sendAccountPicker(
  state: AuthorityState,
  res: ServerResponse,
  page: {
    action: string;
    flowId: string;
    app: EntraApp;
    purpose: string;
    users: EntraUser[];
    redirectUri: string;
  },
): void {
  sendPage(
    state,
    res,
    200,
    signInPage({
      nonce: randomId(12),
      action: page.action,
      flowId: page.flowId,
      appName: page.app.displayName,
      purpose: page.purpose,
      users: page.users,
      formTargets: [new URL(page.redirectUri).origin],
    }),
    true,
  );
}

/** A page flow's endpoint (sign-in, admin consent): GET starts the flow, POST is a page's form. */
export type InteractiveEndpoint = (
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  segment: string,
  url: URL,
) => Promise<void>;

/** The form a page posted back, and the flow it continues. */
export interface PostedFlow<K extends Flow["kind"]> {
  form: URLSearchParams;
  flowId: string;
  flow: Extract<Flow, { kind: K }>;
}

/** The form a page posted back and its flow, or undefined once "expired" is sent. */
export async function postedFlow<K extends Flow["kind"]>(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  kind: K,
  title: string,
): Promise<PostedFlow<K> | undefined> {
  const form = await readForm(req);
  const flowId = form.get("flow");
  const flow = findFlow(state, flowId, kind);
  if (!flow || !flowId) {
    const what = kind === "authorize" ? "sign-in" : "consent";
    sendErrorPage(
      state,
      res,
      title,
      `AADSTS90015: This ${what} request expired. Start again from the app.`,
    );
    return undefined;
  }
  return { form, flowId, flow };
}

/** Signs in the account picked (a user of the tenant), or answers undefined once the error is sent. */
export function signInPicked(
  state: AuthorityState,
  res: ServerResponse,
  title: string,
  ref: TenantRef,
  userId: string | null,
): EntraUser | undefined {
  const user = usersOf(state, ref).find((u) => u.id === userId);
  if (!user) {
    sendErrorPage(
      state,
      res,
      title,
      "AADSTS50034: The user account does not exist in this directory.",
    );
    return undefined;
  }
  startSession(state, res, user);
  return user;
}
