// What the organization's REST routes share: the caller, a list answer, query numbers, and the
// stable ids the emulator derives (docs/platform.md#rest-requests).
import { createHash } from "node:crypto";
import type { FixtureUser } from "../fixtures/types";
import { BadRequest, type Reply, type RouteContext } from "./http";
import type { EmulatorState } from "./state";
import type { ServerSettings } from "./types";

/** What the organization's REST routes read: the organization and its live settings. */
export interface RestDeps {
  state: EmulatorState;
  settings: ServerSettings;
  hostUrl: () => string;
}

/** `{org}` on the host origin, as the REST answers' `url` fields give it. */
export function orgUrl(deps: RestDeps): string {
  return `${deps.hostUrl()}/${deps.state.organization.name}`;
}

/** A list, wrapped `{count, value}` unless the caller asked for bare arrays. */
export function list(ctx: RouteContext, items: unknown[], headers?: Record<string, string>): Reply {
  return {
    status: 200,
    body: ctx.bareArrays ? items : { count: items.length, value: items },
    ...(headers ? { headers } : {}),
  };
}

/** The authenticated caller; 401 when there is none. */
export function caller(ctx: RouteContext, deps: Pick<RestDeps, "state">): FixtureUser {
  const u = ctx.userId ? deps.state.user(ctx.userId) : undefined;
  if (!u) throw new BadRequest("No authenticated user.", 401, "UnauthorizedRequestException");
  return u;
}

export function nonNegativeInt(raw: string | null, name: string): number | undefined {
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new BadRequest(`${name} must be a non-negative integer, not "${raw}".`);
  return n;
}

export function b64(s: string): string {
  return Buffer.from(s).toString("base64").replace(/=+$/, "");
}

/** A Microsoft account's PUID: 16 upper-case hex digits, stable per user. */
export function puidOf(userId: string): string {
  return createHash("sha1").update(`puid/${userId}`).digest("hex").slice(0, 16).toUpperCase();
}

/** A stable GUID derived from a seed GUID and a label (for groups, teams, origin ids). */
export function uuidFrom(seed: string, label: string): string {
  const hex = createHash("sha1").update(`${seed}/${label}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
