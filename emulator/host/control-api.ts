// The host page's calls to the emulator's own server: the control API (/_emulator/...) and the
// REST API it shows in its chrome. Errors carry the server's message so they can be shown.

export class EmulatorRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly typeKey?: string,
  ) {
    super(message);
    this.name = "EmulatorRequestError";
  }
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  return readJson<T>(response);
}

export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // A non-JSON body (e.g. a dropped connection's HTML) is reported by status below.
  }
  if (!response.ok) {
    const record = (body ?? {}) as {
      message?: string;
      typeKey?: string;
      error_description?: string;
    };
    const message =
      record.message ?? record.error_description ?? `${response.status} ${response.statusText}`;
    throw new EmulatorRequestError(message, response.status, record.typeKey);
  }
  return body as T;
}

type TokenKind = "access" | "app";
interface CachedToken {
  token: string;
  /** ms since epoch after which the token is fetched again. */
  refreshAfter: number;
}

/** Tokens for `getAccessToken` / `getAppToken`, kept in memory until shortly before they expire. */
export class HostTokens {
  private readonly cache = new Map<TokenKind, Promise<CachedToken>>();

  constructor(private readonly hostUrl: string) {}

  async get(kind: TokenKind): Promise<string> {
    const cached = this.cache.get(kind);
    if (cached) {
      const value = await cached.catch(() => undefined);
      if (value && value.refreshAfter > Date.now()) return value.token;
    }
    const fresh = postJson<{ token: string; expiresAt?: string }>(
      `${this.hostUrl}/_emulator/token`,
      {
        kind,
      },
    ).then(({ token, expiresAt }) => ({
      token,
      refreshAfter: expiresAt ? Date.parse(expiresAt) - 60_000 : refreshTime(token),
    }));
    this.cache.set(kind, fresh);
    return (await fresh).token;
  }
}

/** A minute before the JWT's `exp`; five minutes from now if the token is not a readable JWT. */
function refreshTime(token: string): number {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = (JSON.parse(json) as { exp?: number }).exp;
    if (typeof exp === "number") return exp * 1000 - 60_000;
  } catch {
    // Opaque token: fall through to the default lifetime.
  }
  return Date.now() + 5 * 60_000;
}
