// `DevOps.NestedAppAuth.processRequest`: the host side of MSAL's nested app auth bridge. The SDK's
// NestedAppAuthBridge forwards MSAL's BridgeRequestEnvelope JSON here and hands our JSON answer to
// MSAL's BridgeProxy, which maps `error.status` to MSAL errors (USER_INTERACTION_REQUIRED →
// InteractionRequiredAuthError with errorCode = error.code, e.g. "consent_required").
import type { HostBoot } from "./boot";
import { EmulatorRequestError } from "./control-api";

interface BridgeRequest {
  messageType?: string;
  method?: string;
  requestId?: string;
  tokenParams?: { clientId?: string; scope?: string; claims?: string; authority?: string };
}

interface BridgeAccount {
  homeAccountId?: string;
  environment: string;
  tenantId?: string;
  username: string;
  localAccountId?: string;
  name?: string;
  idTokenClaims?: object;
}

/**
 * What `POST /_emulator/naa/token` answers: a token response like Entra's token endpoint, or an
 * OAuth error (`error`, `error_description`, `suberror`) with a 4xx status.
 */
interface NaaTokenAnswer {
  access_token: string;
  id_token?: string;
  expires_in?: number;
  scope?: string;
  account?: Partial<BridgeAccount>;
}

const interactionErrors = new Set([
  "interaction_required",
  "consent_required",
  "login_required",
  "invalid_grant",
]);

export class NestedAppAuthHost {
  private activeAccount: BridgeAccount | undefined;

  constructor(private readonly boot: HostBoot) {}

  async processRequest(requestJson: string): Promise<string> {
    let request: BridgeRequest;
    try {
      request = JSON.parse(requestJson) as BridgeRequest;
    } catch {
      return respond("", false, {
        error: {
          status: "PERSISTENT_ERROR",
          code: "invalid_request",
          description: "The request is not JSON.",
        },
      });
    }
    const requestId = request.requestId ?? "";
    switch (request.method) {
      case "Ping":
        return respond(requestId, true, {});
      case "GetInitContext":
        return respond(requestId, true, {
          initContext: {
            sdkName: "azure-devops-host-emulator",
            sdkVersion: "1.0.0",
            capabilities: { queryAccount: false },
          },
        });
      case "GetActiveAccount":
        return this.activeAccount
          ? respond(requestId, true, { account: this.activeAccount })
          : respond(requestId, false, {
              error: {
                status: "ACCOUNT_UNAVAILABLE",
                code: "no_account",
                description: "No account has signed in through the bridge yet.",
              },
            });
      case "GetToken":
      case "GetTokenPopup":
        return this.token(requestId, request, request.method === "GetTokenPopup");
      default:
        return respond(requestId, false, {
          error: {
            status: "PERSISTENT_ERROR",
            code: "unsupported_method",
            description: `The host does not support ${String(request.method)}.`,
          },
        });
    }
  }

  private async token(
    requestId: string,
    request: BridgeRequest,
    interactive: boolean,
  ): Promise<string> {
    const params = request.tokenParams ?? {};
    const scopes = (params.scope ?? "").split(" ").filter(Boolean);
    try {
      const answer = await requestToken(`${this.boot.hostUrl}/_emulator/naa/token`, {
        clientId: params.clientId,
        scopes,
        ...(params.claims ? { claims: params.claims } : {}),
        ...(interactive ? { interactive: true } : {}),
      });
      const account = this.account(answer);
      this.activeAccount = account;
      return respond(requestId, true, {
        token: {
          access_token: answer.access_token,
          id_token: answer.id_token ?? "",
          expires_in: answer.expires_in ?? 3600,
          scope: answer.scope ?? scopes.join(" "),
          properties: null,
          authority: `${this.boot.entraUrl}/${this.boot.organization.tenantId}`,
        },
        account,
      });
    } catch (e) {
      return respond(requestId, false, { error: bridgeError(e) });
    }
  }

  private account(answer: NaaTokenAnswer): BridgeAccount {
    const claims = answer.id_token ? readClaims(answer.id_token) : {};
    const user = this.boot.currentUser;
    const tenantId = str(claims["tid"]) ?? this.boot.organization.tenantId;
    const oid = str(claims["oid"]) ?? user.id;
    return {
      environment: new URL(this.boot.entraUrl).host,
      tenantId,
      localAccountId: oid,
      homeAccountId: `${oid}.${tenantId}`,
      username: str(claims["preferred_username"]) ?? user.email,
      name: str(claims["name"]) ?? user.displayName,
      ...answer.account,
    };
  }
}

function respond(requestId: string, success: boolean, body: Record<string, unknown>): string {
  return JSON.stringify({ messageType: "NestedAppAuthResponse", requestId, success, ...body });
}

function bridgeError(e: unknown): {
  status: string;
  code: string;
  subError?: string;
  description: string;
} {
  if (e instanceof OAuthAnswerError || e instanceof EmulatorRequestError) {
    const code = e instanceof OAuthAnswerError ? e.code : (e.typeKey ?? "server_error");
    if (interactionErrors.has(code))
      return { status: "USER_INTERACTION_REQUIRED", code, description: e.message };
    if (e.status >= 500) return { status: "TRANSIENT_ERROR", code, description: e.message };
    return { status: "PERSISTENT_ERROR", code, description: e.message };
  }
  return {
    status: "NO_NETWORK",
    code: "network_error",
    description: e instanceof Error ? e.message : String(e),
  };
}

class OAuthAnswerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Like postJson, but keeps the OAuth `error`/`suberror` so consent_required reaches MSAL intact. */
async function requestToken(url: string, body: unknown): Promise<NaaTokenAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let answer: Record<string, unknown> = {};
  try {
    answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Not JSON: reported by status below.
  }
  if (!response.ok || typeof answer["access_token"] !== "string") {
    // MSAL keeps only `code` (it drops subError), so a suberror such as consent_required wins.
    const code = str(answer["suberror"]) ?? str(answer["error"]) ?? "server_error";
    const message =
      str(answer["error_description"]) ??
      str(answer["message"]) ??
      `${response.status} ${response.statusText}`;
    throw new OAuthAnswerError(code, message, response.status);
  }
  return answer as unknown as NaaTokenAnswer;
}

function readClaims(jwt: string): Record<string, unknown> {
  try {
    const part = jwt.split(".")[1] ?? "";
    return JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined;
}
