// The only code that imports MSAL (webpack splits it into a lazy chunk). A nestable public client
// asks the Azure DevOps host for a token silently; MSAL's errors become typed outcomes here.
// Tokens stay in MSAL's memory cache and are never read out, logged or stored.
import {
  AuthError,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
  PublicClientApplication,
  createNestablePublicClientApplication,
} from "@azure/msal-browser";
import { AZURE_DEVOPS_SCOPE } from "../core/app-profile";
import { ENTRA_AUTHORITY } from "../core/consent";
import {
  APP_MISREGISTERED,
  isMisregisteredApp,
  misregisteredAppAdvice,
  type ConsentCheckOutcome,
  type ConsentCheckRequest,
} from "./consent-check";

/** Codes with which Entra says "a person must act first", consent among them. */
const NEEDS_CONSENT = new Set(["consent_required", "interaction_required"]);

const clients = new Map<string, Promise<IPublicClientApplication | undefined>>();

/** A nested client for one app; undefined when the host offers no nested app auth. */
function clientFor(request: ConsentCheckRequest): Promise<IPublicClientApplication | undefined> {
  const tenant = request.tenantId?.toLowerCase() ?? "organizations";
  const key = `${request.clientId.toLowerCase()}|${tenant}`;
  let client = clients.get(key);
  if (!client) {
    let nested = false;
    client = createNestablePublicClientApplication(
      {
        auth: {
          clientId: request.clientId,
          authority: `${ENTRA_AUTHORITY}/${tenant}`,
        },
        cache: { cacheLocation: "memoryStorage" },
      },
      undefined,
      // MSAL calls this only when the bridge is there; otherwise it would build a standard
      // client that tries hidden iframes, which is not what this check means.
      (configuration, controller) => {
        nested = true;
        return new PublicClientApplication(configuration, controller);
      },
    ).then((pca) => (nested ? pca : undefined));
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

export async function probeConsent(request: ConsentCheckRequest): Promise<ConsentCheckOutcome> {
  try {
    const client = await clientFor(request);
    if (!client) {
      return {
        kind: "failed",
        code: "nested_app_auth_unavailable",
        description: "This Azure DevOps page does not offer nested app authentication.",
      };
    }
    await client.acquireTokenSilent({ scopes: [AZURE_DEVOPS_SCOPE] });
    return { kind: "consented" };
  } catch (e) {
    return outcomeOf(e, request.clientId);
  }
}

/** Exported for tests: how MSAL's errors read as outcomes. */
export function outcomeOf(e: unknown, clientId?: string): ConsentCheckOutcome {
  if (e instanceof AuthError) {
    const code = e.errorCode || "unknown_error";
    const description = e.errorMessage || e.message;
    if (isMisregisteredApp(description))
      return {
        kind: "failed",
        code: APP_MISREGISTERED,
        description: misregisteredAppAdvice(clientId, description),
      };
    if (
      NEEDS_CONSENT.has(code) ||
      NEEDS_CONSENT.has(e.subError) ||
      (e instanceof InteractionRequiredAuthError && /AADSTS65001/.test(description))
    ) {
      return { kind: "not-consented", code, description };
    }
    return { kind: "failed", code, description };
  }
  return {
    kind: "failed",
    code: "unknown_error",
    description: e instanceof Error ? e.message : String(e),
  };
}
