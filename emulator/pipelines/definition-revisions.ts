// What build and release definitions share about revisions: a write must name the latest
// revision (else 409), each write adds one revision by the caller with its comment, and the
// revisions list describes each one the same way.
import { BadRequest, type RouteContext } from "../server/http";
import type { EmulatorState } from "../server/state";
import { identityRef } from "./rest-helpers";
import {
  latest,
  type Json,
  type PipelinesState,
  type RevisionRecord,
  type RevisionedDefinition,
} from "./state";

/** 409 with the area's own message when the body's `revision` is not the definition's latest. */
export function expectLatestRevision(
  def: RevisionedDefinition,
  body: Json,
  message: (latestRevision: number) => string,
  typeKey: string,
): void {
  const current = latest(def).revision;
  if (body.revision !== current) throw new BadRequest(message(current), 409, typeKey);
}

/** Stores `body` as the definition's next revision, by the caller, with the body's comment. */
export function saveRevision(
  pipelines: PipelinesState,
  ctx: RouteContext,
  defs: Map<number, RevisionedDefinition>,
  id: number,
  body: Json,
): RevisionRecord {
  return pipelines.addRevision(defs, id, body, ctx.userId ?? "", (body.comment as string) ?? "");
}

/** One entry of a definition's revisions list: who changed it, when, how and why. */
export function revisionEntry(state: EmulatorState, r: RevisionRecord): Json {
  return {
    revision: r.revision,
    changedBy: identityRef(state, r.changedBy),
    changedDate: r.changedDate,
    changeType: r.changeType,
    comment: r.comment,
  };
}
