// The admin-consent endpoint (/{tenant}/v2.0/adminconsent): a person signs in; only a Global
// Administrator of the tenant sees the permissions and may accept them for everyone in it.
// The outcome goes back to the app's redirect URI as admin_consent=True or an error
// (docs/platform.md#entra-admin-consent).
import type { IncomingMessage, ServerResponse } from "node:http";
import { recordAdminConsent } from "./consents";
import { findUser, isGlobalAdmin, isMultiTenantSegment, resolveTenant, usersOf } from "./directory";
import { closeFlow, flowExpiry, openFlow } from "./flows";
import { postedFlow, requestingClient, sendAccountPicker, signInPicked } from "./interactive";
import type { InteractiveEndpoint, PostedFlow } from "./interactive";
import { consentPage } from "./pages";
import { respondToClient, sendErrorPage, sendPage } from "./replies";
import { describePermission, resourceScopes, splitScopes } from "./scopes";
import type { AuthorityState } from "./state";
import { randomId } from "./tokens";

const FAILED = "Admin consent failed";

/** GET: the consent request. POST: the account picked, then Accept or Cancel. */
export const adminConsent: InteractiveEndpoint = async (state, req, res, segment, url) => {
  if (req.method === "POST") {
    const posted = await postedFlow(state, req, res, "adminconsent", FAILED);
    return posted && adminConsentAnswered(state, req, res, segment, posted);
  }
  const q = url.searchParams;
  if (isMultiTenantSegment(segment) || segment.toLowerCase() === "consumers") {
    return sendErrorPage(
      state,
      res,
      FAILED,
      `AADSTS90130: Admin consent needs a tenant: use /{tenant-id}/v2.0/adminconsent, not /${segment}.`,
    );
  }
  const ref = resolveTenant(state, segment);
  if (!ref || ref.kind !== "tenant")
    return sendErrorPage(state, res, FAILED, `AADSTS90002: Tenant '${segment}' not found.`);
  const client = requestingClient(state, res, FAILED, {
    clientId: q.get("client_id"),
    directoryName: ref.tenant.displayName,
    redirectUri: q.get("redirect_uri"),
    orFirstRegistered: true,
  });
  if (!client) return;
  const { app, redirectUri } = client;
  const clientState = q.get("state") ?? undefined;
  const scopes = resourceScopes(splitScopes(q.get("scope")));
  if (scopes.length === 0) {
    return respondToClient(
      state,
      req,
      res,
      { redirectUri, mode: "query", state: clientState },
      {
        error: "invalid_request",
        error_description:
          "AADSTS70011: The provided request must include a 'scope' input parameter naming the permissions to consent to.",
      },
    );
  }
  const flowId = openFlow(state, {
    kind: "adminconsent",
    tenant: ref.tenant,
    app,
    redirectUri,
    state: clientState,
    scopes,
    expiresAt: flowExpiry(state),
  });
  sendAccountPicker(state, res, {
    action: `${state.base}/${segment}/v2.0/adminconsent`,
    flowId,
    app,
    purpose: `A Global Administrator of ${ref.tenant.displayName} signs in to review the permissions the app asks for.`,
    users: usersOf(state, ref),
    redirectUri,
  });
};

/** The consent page's form: the account picked, then Accept or Cancel. */
function adminConsentAnswered(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  segment: string,
  { form, flowId, flow }: PostedFlow<"adminconsent">,
): void {
  const back = (params: Record<string, string | undefined>) => {
    closeFlow(state, flowId);
    respondToClient(state, req, res, { ...flow, mode: "query" }, params);
  };
  const decision = form.get("decision");
  if (decision === "cancel") {
    return back({
      error: "access_denied",
      error_subcode: "cancel",
      error_description: "AADSTS65004: User declined to consent to access the app.",
    });
  }
  const chosen = form.get("user");
  if (chosen !== null) {
    // The account picked: a Global Administrator sees the permissions; anyone else is turned back.
    const ref = { kind: "tenant" as const, tenant: flow.tenant };
    const user = signInPicked(state, res, FAILED, ref, chosen);
    if (!user) return;
    if (!isGlobalAdmin(user)) {
      return back({
        error: "access_denied",
        error_description:
          `AADSTS90094: The grant requires admin permission. ${user.displayName} is not a Global Administrator of ` +
          `${flow.tenant.displayName}; ask an administrator to grant consent to '${flow.app.displayName}'.`,
      });
    }
    flow.signedInUserId = user.id;
    return sendPage(
      state,
      res,
      200,
      consentPage({
        nonce: randomId(12),
        action: `${state.base}/${segment}/v2.0/adminconsent`,
        flowId,
        appName: flow.app.displayName,
        userName: user.displayName,
        userEmail: user.email,
        permissions: flow.scopes.map(describePermission),
        formTargets: [new URL(flow.redirectUri).origin],
      }),
      true,
    );
  }
  const admin = findUser(state, flow.signedInUserId);
  if (decision !== "accept" || !admin || !isGlobalAdmin(admin)) {
    return sendErrorPage(
      state,
      res,
      FAILED,
      "AADSTS90015: Sign in before accepting. Start again from the app.",
    );
  }
  const scopes = flow.scopes.map((s) => s.scope);
  recordAdminConsent(state, {
    tenantId: flow.tenant.id,
    clientId: flow.app.clientId,
    scopes,
    grantedBy: admin.id,
  });
  back({ admin_consent: "True", tenant: flow.tenant.id, scope: scopes.join(" ") });
}
