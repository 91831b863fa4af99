// Sign-in and admin-consent flows in progress: what the first page was asked, kept under an id the
// page's form posts back, for half an hour.
import type { AuthorityState, Flow } from "./state";
import { randomId } from "./tokens";

const FLOW_LIFETIME_MS = 30 * 60_000;

/** Keeps the flow (dropping expired ones) and answers the id its pages post back. */
export function openFlow(state: AuthorityState, flow: Flow): string {
  const t = state.now();
  for (const [id, f] of state.flows) if (f.expiresAt <= t) state.flows.delete(id);
  const id = randomId(24);
  state.flows.set(id, flow);
  return id;
}

/** When a flow opened now expires. */
export const flowExpiry = (state: AuthorityState): number => state.now() + FLOW_LIFETIME_MS;

/** The live flow of that kind under the id, if any. */
export function findFlow<K extends Flow["kind"]>(
  state: AuthorityState,
  id: string | null,
  kind: K,
): Extract<Flow, { kind: K }> | undefined {
  const flow = id ? state.flows.get(id) : undefined;
  if (!flow || flow.kind !== kind || flow.expiresAt <= state.now()) return undefined;
  return flow as Extract<Flow, { kind: K }>;
}

export function closeFlow(state: AuthorityState, id: string): void {
  state.flows.delete(id);
}
