// The Release area's definitions on the vsrm origin: list, get, revisions (and one revision's
// body), create, update, in the shapes of learn.microsoft.com/rest/api/azure/devops/release
// (definitions), 7.1. See CONTRACT.md "Pipelines".
import { BadRequest, errorReply, type Reply, type RouteTable } from "../server/http";
import type { PipelinesDeps } from "./build-routes";
import {
  PROJECT_APIS,
  identityRef,
  orgUrlOf,
  listReply,
  objectBody,
  withProjectIn,
  requiredName,
} from "./rest-helpers";
import { expectLatestRevision, revisionsList, saveRevision } from "./definition-revisions";
import { withoutSecretValues } from "./secrets";
import {
  latest,
  type Json,
  type PipelinesState,
  type ProjectPipelines,
  type RevisionRecord,
} from "./state";

function missing(id: string): Reply {
  return errorReply(
    404,
    `VS402866: The release definition with id ${id} does not exist.`,
    "ReleaseDefinitionNotFoundException",
  );
}

/** Queues and variable groups a release definition names must exist in the project. */
function checkReferences(pp: ProjectPipelines, body: Json): void {
  for (const id of (body.variableGroups as number[] | undefined) ?? [])
    if (!pp.variableGroups.has(id))
      throw new BadRequest(
        `Variable group ${id} could not be found.`,
        400,
        "VariableGroupNotFoundException",
      );
  for (const env of (body.environments as Json[] | undefined) ?? [])
    for (const phase of (env.deployPhases as Json[] | undefined) ?? []) {
      const queueId = (phase.deploymentInput as { queueId?: number } | undefined)?.queueId;
      if (queueId !== undefined && queueId !== 0 && !pp.queues.some((q) => q.id === queueId))
        throw new BadRequest(
          `Could not find agent queue with id ${queueId}.`,
          400,
          "AgentQueueNotFoundException",
        );
    }
}

function definitionJson(org: string, r: RevisionRecord): Json {
  const api = `${org}/_apis/Release/definitions/${String(r.body.id)}`;
  const environments = ((r.body.environments as Json[] | undefined) ?? []).map((e) => ({
    ...e,
    variables: withoutSecretValues(e.variables),
  }));
  return {
    ...r.body,
    variables: withoutSecretValues(r.body.variables),
    environments,
    modifiedOn: r.changedDate,
    url: api,
    _links: {
      self: { href: api },
      web: { href: `${org}/_release?definitionId=${String(r.body.id)}` },
    },
  };
}

export function addReleaseRoutes(routes: RouteTable, deps: PipelinesDeps): void {
  const { state } = deps;
  const pipelines = (): PipelinesState => deps.pipelines();
  const org = orgUrlOf(state).replace("https://", "https://vsrm.");
  const DEFS = `${PROJECT_APIS}/release/definitions`;
  const withProject = withProjectIn(state, (id) => pipelines().project(id));

  routes.add(
    "GET",
    new RegExp(`${DEFS}/?$`, "i"),
    withProject((ctx, _p, pp) =>
      listReply(
        ctx,
        [...pp.releaseDefinitions.values()].map((d) => {
          const r = latest(d);
          return {
            id: d.id,
            name: r.body.name,
            path: r.body.path ?? "\\",
            revision: r.revision,
            modifiedOn: r.changedDate,
          };
        }),
      ),
    ),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/?$`, "i"),
    withProject((ctx, _p, pp) => {
      const def = pp.releaseDefinitions.get(Number(ctx.params.id));
      return def
        ? { status: 200, body: definitionJson(org, latest(def)) }
        : missing(ctx.params.id ?? "");
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/revisions/?$`, "i"),
    withProject(
      revisionsList(
        state,
        (pp) => pp.releaseDefinitions,
        missing,
        (def) => ({ definitionId: def.id }),
      ),
    ),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/revisions/(?<revision>\\d+)/?$`, "i"),
    withProject((ctx, _p, pp) => {
      const r = pp.releaseDefinitions.get(Number(ctx.params.id))?.revisions[
        Number(ctx.params.revision) - 1
      ];
      return r
        ? { status: 200, body: definitionJson(org, r) }
        : missing(`${ctx.params.id ?? ""} revision ${ctx.params.revision ?? ""}`);
    }),
  );
  routes.add(
    "POST",
    new RegExp(`${DEFS}/?$`, "i"),
    withProject(async (ctx, _p, pp) => {
      const body = await objectBody(ctx);
      const name = requiredName(body, "release definition");
      for (const d of pp.releaseDefinitions.values())
        if (String(latest(d).body.name).toLowerCase() === name.toLowerCase())
          throw new BadRequest(
            `VS402892: A release pipeline with name ${name} already exists.`,
            409,
            "ReleaseDefinitionAlreadyExistsException",
          );
      checkReferences(pp, body);
      const id = pipelines().nextId("release-definition");
      const r = saveRevision(pipelines(), ctx, pp.releaseDefinitions, id, {
        ...body,
        createdBy: identityRef(state, ctx.userId),
      });
      return { status: 200, body: definitionJson(org, r) };
    }),
  );
  routes.add(
    "PUT",
    new RegExp(`${DEFS}/?$`, "i"),
    withProject(async (ctx, _p, pp) => {
      const body = await objectBody(ctx);
      const def = pp.releaseDefinitions.get(Number(body.id));
      if (!def) return missing(String(body.id));
      expectLatestRevision(
        def,
        body,
        (current) =>
          `VS402868: The release definition ${def.id} has been modified (revision ${current}). Refresh and try again.`,
        "InvalidRequestException",
      );
      checkReferences(pp, body);
      const r = saveRevision(pipelines(), ctx, pp.releaseDefinitions, def.id, body);
      return { status: 200, body: definitionJson(org, r) };
    }),
  );
}
