// Signed-in sessions, kept in `storage.session` only (DESIGN §6): memory that the browser clears
// when it closes, shared by the background's restarts, never written to disk or synced.
import type { SessionStorageApi } from "./browserApi";

export interface SignedInAccount {
  /** The user's object id in the tenant (`oid`). */
  id: string;
  name: string;
  username: string;
}

export interface SignInSession {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken?: string;
  account: SignedInAccount;
}

/** Which sign-in a session belongs to: a token from one authority, tenant or app is no use for another. */
export interface SignInKey {
  authority: string;
  tenantId: string;
  clientId: string;
}

/** A token this close to its expiry is treated as expired, so a request does not fail mid-way. */
export const EXPIRY_MARGIN_MS = 2 * 60_000;
const PREFIX = "signin:";

export function cacheKeyOf(key: SignInKey): string {
  return `${PREFIX}${key.authority.replace(/\/+$/, "").toLowerCase()}|${key.tenantId.toLowerCase()}|${key.clientId.toLowerCase()}`;
}

function isSession(value: unknown): value is SignInSession {
  const v = value as Partial<SignInSession> | undefined;
  return (
    typeof v?.accessToken === "string" &&
    typeof v.expiresAt === "number" &&
    typeof v.account?.id === "string" &&
    typeof v.account.name === "string"
  );
}

export class TokenCache {
  constructor(
    private readonly browser: SessionStorageApi,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stored session, whether or not its access token is still valid (its refresh token may be). */
  async session(key: SignInKey): Promise<SignInSession | undefined> {
    const k = cacheKeyOf(key);
    const stored = (await this.browser.storage.session.get(k))[k];
    return isSession(stored) ? stored : undefined;
  }

  /** An access token that is valid for at least EXPIRY_MARGIN_MS more, if there is one. */
  async accessToken(key: SignInKey): Promise<SignInSession | undefined> {
    const s = await this.session(key);
    return s && s.expiresAt - EXPIRY_MARGIN_MS > this.now() ? s : undefined;
  }

  async save(key: SignInKey, session: SignInSession): Promise<void> {
    await this.browser.storage.session.set({ [cacheKeyOf(key)]: session });
  }

  async forget(key: SignInKey): Promise<void> {
    await this.browser.storage.session.remove(cacheKeyOf(key));
  }
}
