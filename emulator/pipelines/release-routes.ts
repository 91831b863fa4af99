// The Release area's definitions on the vsrm origin: list, get, revisions (and one revision's
// body), create, update, in the shapes of learn.microsoft.com/rest/api/azure/devops/release
// (definitions), 7.1. See CONTRACT.md "Pipelines".
import { BadRequest, errorReply, type Reply, type RouteTable } from "../server/http";
import { revisionsList, saveRevision, saveUpdate } from "./definition-revisions";
import { pipelinesRoutes, type PipelinesDeps, type PipelinesRoutes } from "./pipelines-routes";
import {
  PROJECT_APIS,
  identityRef,
  listReply,
  objectBody,
  orgUrlOf,
  requiredName,
} from "./rest-helpers";
import { withoutSecretValues } from "./secrets";
import { latest, type Json, type ProjectPipelines, type RevisionRecord } from "./state";

const DEFS = `${PROJECT_APIS}/release/definitions`;

/** Release definitions' links name the vsrm host. */
function releaseOrgUrl(r: PipelinesRoutes): string {
  return orgUrlOf(r.state).replace("https://", "https://vsrm.");
}

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

/** Release definitions: list, one, its revisions and one revision's body. */
function addReleaseReads(routes: RouteTable, r: PipelinesRoutes): void {
  const org = releaseOrgUrl(r);
  routes.add(
    "GET",
    new RegExp(`${DEFS}/?$`, "i"),
    r.withProject((ctx, _p, pp) =>
      listReply(
        ctx,
        [...pp.releaseDefinitions.values()].map((d) => {
          const at = latest(d);
          return {
            id: d.id,
            name: at.body.name,
            path: at.body.path ?? "\\",
            revision: at.revision,
            modifiedOn: at.changedDate,
          };
        }),
      ),
    ),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/?$`, "i"),
    r.withProject((ctx, _p, pp) => {
      const def = pp.releaseDefinitions.get(Number(ctx.params.id));
      return def
        ? { status: 200, body: definitionJson(org, latest(def)) }
        : missing(ctx.params.id ?? "");
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/revisions/?$`, "i"),
    r.withProject(
      revisionsList(
        r.state,
        (pp) => pp.releaseDefinitions,
        missing,
        (def) => ({ definitionId: def.id }),
      ),
    ),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/revisions/(?<revision>\\d+)/?$`, "i"),
    r.withProject((ctx, _p, pp) => {
      const at = pp.releaseDefinitions.get(Number(ctx.params.id))?.revisions[
        Number(ctx.params.revision) - 1
      ];
      return at
        ? { status: 200, body: definitionJson(org, at) }
        : missing(`${ctx.params.id ?? ""} revision ${ctx.params.revision ?? ""}`);
    }),
  );
}

/** Release definitions: create (a name is unique in the project), update (at the latest revision). */
function addReleaseWrites(routes: RouteTable, r: PipelinesRoutes): void {
  const org = releaseOrgUrl(r);
  routes.add(
    "POST",
    new RegExp(`${DEFS}/?$`, "i"),
    r.withProject(async (ctx, _p, pp) => {
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
      const id = r.pipelines().nextId("release-definition");
      const saved = saveRevision(r.pipelines(), ctx, pp.releaseDefinitions, id, {
        ...body,
        createdBy: identityRef(r.state, ctx.userId),
      });
      return { status: 200, body: definitionJson(org, saved) };
    }),
  );
  routes.add(
    "PUT",
    new RegExp(`${DEFS}/?$`, "i"),
    r.withProject(async (ctx, _p, pp) => {
      const body = await objectBody(ctx);
      const def = pp.releaseDefinitions.get(Number(body.id));
      if (!def) return missing(String(body.id));
      const saved = saveUpdate(r.pipelines(), ctx, pp.releaseDefinitions, def, body, {
        conflict: (current) =>
          `VS402868: The release definition ${def.id} has been modified (revision ${current}). Refresh and try again.`,
        typeKey: "InvalidRequestException",
        check: (b) => checkReferences(pp, b),
      });
      return { status: 200, body: definitionJson(org, saved) };
    }),
  );
}

export function addReleaseRoutes(routes: RouteTable, deps: PipelinesDeps): void {
  const r = pipelinesRoutes(deps);
  addReleaseReads(routes, r);
  addReleaseWrites(routes, r);
}
