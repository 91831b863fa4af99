// The authorize endpoint (authorization code + PKCE): checks the request, then either answers a
// silent request (prompt=none) from the session, or shows "Pick an account" and, on the choice,
// sends an authorization code to the client's redirect URI.
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolveTenant, tenantIdOf, tenantName, usersOf, type EntraUser } from "./directory";
import { closeFlow, flowExpiry, openFlow } from "./flows";
import { postedFlow, requestingClient, sendAccountPicker, signInPicked } from "./interactive";
import type { InteractiveEndpoint, PostedFlow } from "./interactive";
import { respondToClient, sendErrorPage } from "./replies";
import { splitScopes } from "./scopes";
import { sessionUser } from "./sessions";
import type { AuthorityState, ResponseMode, SignInFlow } from "./state";
import { encodeJson, randomId } from "./tokens";
import { consentRequired, hasConsentFor } from "./user-tokens";

const CODE_LIFETIME_MS = 10 * 60_000;
const FAILED = "Sign in failed";

/** GET: the authorization request. POST: the account picked on the sign-in page. */
export const authorize: InteractiveEndpoint = async (state, req, res, segment, url) => {
  if (req.method === "POST") {
    const posted = await postedFlow(state, req, res, "authorize", FAILED);
    return posted && accountPicked(state, req, res, posted);
  }
  const q = url.searchParams;
  const ref = resolveTenant(state, segment);
  if (!ref) return sendErrorPage(state, res, FAILED, `AADSTS90002: Tenant '${segment}' not found.`);
  const client = requestingClient(state, res, FAILED, {
    clientId: q.get("client_id"),
    directoryName: tenantName(ref),
    redirectUri: q.get("redirect_uri"),
  });
  if (!client) return;
  const { app, redirectUri } = client;
  const modeParam = q.get("response_mode");
  const responseMode: ResponseMode =
    modeParam === "fragment" || modeParam === "form_post" ? modeParam : "query";
  const clientState = q.get("state") ?? undefined;
  const fail = (error: string, description: string) =>
    respondToClient(
      state,
      req,
      res,
      { redirectUri, mode: responseMode, state: clientState },
      { error, error_description: description },
    );

  if (q.get("response_type") !== "code") {
    return fail(
      "unsupported_response_type",
      `AADSTS700054: response_type '${q.get("response_type") ?? ""}' is not enabled for the application.`,
    );
  }
  const scopes = splitScopes(q.get("scope"));
  if (scopes.length === 0) {
    return fail(
      "invalid_request",
      "AADSTS900144: The request body must contain the following parameter: 'scope'.",
    );
  }
  const codeChallenge = q.get("code_challenge");
  if (!codeChallenge) {
    return fail(
      "invalid_request",
      "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
    );
  }
  if (q.get("code_challenge_method") !== "S256") {
    return fail(
      "invalid_request",
      "AADSTS501491: Invalid code_challenge_method: this authority only supports 'S256'.",
    );
  }
  const flow: SignInFlow = {
    kind: "authorize",
    tenantRef: ref,
    app,
    redirectUri,
    responseMode,
    state: clientState,
    nonce: q.get("nonce") ?? undefined,
    scopes,
    codeChallenge,
    expiresAt: flowExpiry(state),
  };
  const candidates = usersOf(state, ref);

  if (q.get("prompt") === "none") {
    // The session cookie, or a login_hint naming a user of the tenant (headless browsers often
    // drop third-party cookies in the silent iframe, so the hint stands in for the session).
    const hint = q.get("login_hint")?.toLowerCase();
    const fromSession = sessionUser(state, req);
    const user =
      (fromSession && candidates.includes(fromSession) ? fromSession : undefined) ??
      (hint ? candidates.find((u) => u.email.toLowerCase() === hint) : undefined);
    if (!user)
      return fail(
        "login_required",
        "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
      );
    if (!hasConsentFor(state, user, app, scopes))
      return fail("consent_required", consentRequired(app).description);
    return sendCode(state, req, res, flow, user);
  }

  const flowId = openFlow(state, flow);
  sendAccountPicker(state, res, {
    action: `${state.base}/${segment}/oauth2/v2.0/authorize`,
    flowId,
    app,
    purpose: "Choose who signs in.",
    users: candidates,
    redirectUri,
  });
};

/** The sign-in page's form: the account picked, or Cancel. */
function accountPicked(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  { form, flowId, flow }: PostedFlow<"authorize">,
): void {
  closeFlow(state, flowId);
  if (form.get("decision") === "cancel") {
    return respondToClient(state, req, res, clientOf(flow), {
      error: "access_denied",
      error_description: "AADSTS65004: User declined to sign in to the app.",
    });
  }
  const user = signInPicked(state, res, FAILED, flow.tenantRef, form.get("user"));
  if (user) sendCode(state, req, res, flow, user);
}

/** Where, and how, a sign-in's outcome goes back to its client. */
const clientOf = (flow: SignInFlow) => ({
  redirectUri: flow.redirectUri,
  mode: flow.responseMode,
  state: flow.state,
});

/** Records an authorization code for the user and sends it to the client. */
function sendCode(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  flow: SignInFlow,
  user: EntraUser,
): void {
  const code = randomId(32);
  state.codes.set(code, {
    clientId: flow.app.clientId,
    redirectUri: flow.redirectUri,
    userId: user.id,
    scopes: flow.scopes,
    nonce: flow.nonce,
    codeChallenge: flow.codeChallenge,
    expiresAt: state.now() + CODE_LIFETIME_MS,
  });
  respondToClient(state, req, res, clientOf(flow), {
    code,
    client_info: encodeJson({ uid: user.id, utid: tenantIdOf(state, user) }),
  });
}
