// What build and release definitions share about revisions: a write must name the latest
// revision (else 409), each write adds one revision by the caller with its comment, and the
// revisions list describes each one the same way.
import { BadRequest, type Reply, type RouteContext } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";
import { identityRef, listReply } from "./rest-helpers";
import {
  latest,
  type Json,
  type PipelinesState,
  type ProjectPipelines,
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

/**
 * An update of a definition: at its latest revision only (else 409 with the area's message and
 * type), what it refers to checked, then stored as the next revision.
 */
export function saveUpdate(
  pipelines: PipelinesState,
  ctx: RouteContext,
  defs: Map<number, RevisionedDefinition>,
  def: RevisionedDefinition,
  body: Json,
  rules: {
    conflict: (latestRevision: number) => string;
    typeKey: string;
    check: (body: Json) => void;
  },
): RevisionRecord {
  expectLatestRevision(def, body, rules.conflict, rules.typeKey);
  rules.check(body);
  return saveRevision(pipelines, ctx, defs, def.id, body);
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

/**
 * The handler of a definition's revisions list (`{definitions}/{id}/revisions`): 404 when the
 * project has no definition with the path's id; each entry carries `extra` before the revision's.
 */
export function revisionsList(
  state: EmulatorState,
  defsOf: (pp: ProjectPipelines) => Map<number, RevisionedDefinition>,
  missing: (id: string) => Reply,
  extra: (def: RevisionedDefinition, r: RevisionRecord) => Json,
) {
  return (ctx: RouteContext, _p: ProjectRecord, pp: ProjectPipelines): Reply => {
    const def = defsOf(pp).get(Number(ctx.params.id));
    if (!def) return missing(ctx.params.id ?? "");
    return listReply(
      ctx,
      def.revisions.map((r) => ({ ...extra(def, r), ...revisionEntry(state, r) })),
    );
  };
}
