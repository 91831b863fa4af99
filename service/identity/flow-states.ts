// The single-use `state` of a sign-in or consent flow (docs/architecture.md#security-rules): random, kept server-side
// (hashed: while the flow runs it is a bearer secret), bound to the organization and the
// administrator who started it, valid for 10 minutes, and taken at most once even when two
// landings race (the DELETE decides who took it).
import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "../../src/core/scope";
import type { Database } from "../store/database";
import type { IdentityContext } from "./context";

export const FLOW_LIFETIME_MS = 10 * 60_000;

export type FlowKind = "connection" | "consent";

export interface FlowState {
  kind: FlowKind;
  organization: string;
  by: Actor;
  /** The tenant (ID) the flow is addressed to. */
  tenant?: string;
  /** Consent: the app asked for. */
  clientId?: string;
  /** Connection: the PKCE verifier, sealed. */
  sealedVerifier?: string;
}

interface FlowRow {
  kind: string;
  organization: string;
  actor_id: string;
  actor_name: string;
  tenant: string | null;
  client_id: string | null;
  code_verifier: string | null;
  expires_at: string;
}

const hashOf = (state: string) => createHash("sha256").update(state).digest("hex");

/** Stores a new flow and answers its state (43 base64url characters from 32 random bytes). */
export async function startFlow(db: Database, flow: FlowState, now: Date): Promise<string> {
  const state = randomBytes(32).toString("base64url");
  // Expired flows go as new ones come, so the table holds only live ones.
  await db.execute("DELETE FROM identity_flow_states WHERE expires_at < $1", [now.toISOString()]);
  await db.execute(
    `INSERT INTO identity_flow_states
       (state_hash, kind, organization, actor_id, actor_name, tenant, client_id, code_verifier, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      hashOf(state),
      flow.kind,
      flow.organization,
      flow.by.id,
      flow.by.displayName,
      flow.tenant ?? null,
      flow.clientId ?? null,
      flow.sealedVerifier ?? null,
      now.toISOString(),
      new Date(now.getTime() + FLOW_LIFETIME_MS).toISOString(),
    ],
  );
  return state;
}

/** The flow a state names, removed so it cannot be used again; undefined: unknown, used or expired. */
export async function takeFlow(
  db: Database,
  kind: FlowKind,
  state: string | undefined,
  now: Date,
): Promise<FlowState | undefined> {
  if (!state || state.length > 200) return undefined;
  const hash = hashOf(state);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<FlowRow>(
      "SELECT kind, organization, actor_id, actor_name, tenant, client_id, code_verifier, expires_at FROM identity_flow_states WHERE state_hash = $1",
      [hash],
    );
    if (!row || row.kind !== kind) return undefined;
    const taken = await tx.execute("DELETE FROM identity_flow_states WHERE state_hash = $1", [
      hash,
    ]);
    if (taken !== 1 || row.expires_at <= now.toISOString()) return undefined;
    return {
      kind,
      organization: row.organization,
      by: { id: row.actor_id, displayName: row.actor_name },
      ...(row.tenant ? { tenant: row.tenant } : {}),
      ...(row.client_id ? { clientId: row.client_id } : {}),
      ...(row.code_verifier ? { sealedVerifier: row.code_verifier } : {}),
    };
  });
}

/** The flow a landing's `state` names, taken (it lands once); undefined: unknown, used or expired. */
export function landingFlow(
  ctx: IdentityContext,
  kind: FlowKind,
  query: URLSearchParams,
): Promise<FlowState | undefined> {
  return takeFlow(ctx.db, kind, query.get("state") ?? undefined, ctx.now());
}

/** What a landing says when its state is not (or no longer) one the service gave. */
export const unknownLinkMessage = (link: "sign-in" | "consent") =>
  `This ${link} link is unknown, was already used or has expired. Start again from the Backup settings of your organization.`;
