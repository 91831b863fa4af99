// The Build area's definitions (list, get at a revision, revisions, create, update) and the
// project's retention settings, in the shapes of learn.microsoft.com/rest/api/azure/devops/build
// (definitions, retention), 7.1. See CONTRACT.md "Pipelines".
import { BadRequest, errorReply, type Reply, type RouteTable } from "../server/http";
import type { ProjectRecord } from "../server/state";
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

const DEFS = `${PROJECT_APIS}/build/definitions`;

function definitionMissing(id: string): Reply {
  return errorReply(
    404,
    `The requested build definition ${id} either does not exist or you do not have permission to view it.`,
    "DefinitionNotFoundException",
  );
}

/** The links every definition answer carries (url, uri, _links), as the Build area sends them. */
function linksOf(org: string, p: ProjectRecord, r: RevisionRecord): Json {
  const id = String(r.body.id);
  const api = `${org}/${p.id}/_apis/build/Definitions/${id}?revision=${r.revision}`;
  return {
    url: api,
    uri: `vstfs:///Build/Definition/${id}`,
    _links: {
      self: { href: api },
      web: { href: `${org}/${p.id}/_build/definition?definitionId=${id}` },
      editor: { href: `${org}/${p.id}/_build/designer?id=${id}&_a=edit-build-definition` },
      badge: { href: `${org}/${p.id}/_apis/build/status/${id}` },
    },
  };
}

function definitionJson(org: string, p: ProjectRecord, r: RevisionRecord): Json {
  return {
    ...r.body,
    ...linksOf(org, p, r),
    variables: withoutSecretValues(r.body.variables),
    project: { id: p.id, name: p.name, state: "wellFormed", visibility: "private" },
    authoredBy: r.body.authoredBy,
    createdDate: r.changedDate,
  };
}

function referenceJson(org: string, p: ProjectRecord, r: RevisionRecord): Json {
  const b = r.body;
  return {
    ...linksOf(org, p, r),
    id: b.id,
    name: b.name,
    path: b.path ?? "\\",
    type: "build",
    queueStatus: b.queueStatus ?? "enabled",
    revision: r.revision,
    createdDate: r.changedDate,
    project: { id: p.id, name: p.name },
  };
}

/** What a definition refers to must exist in the project: queue, variable groups, task groups. */
export function checkDefinitionReferences(pp: ProjectPipelines, body: Json): void {
  const queue = body.queue as { id?: number } | undefined;
  if (queue?.id !== undefined && !pp.queues.some((q) => q.id === queue.id))
    throw new BadRequest(
      `Could not find agent queue with id ${queue.id}.`,
      400,
      "AgentQueueNotFoundException",
    );
  for (const g of (body.variableGroups as { id?: number }[] | undefined) ?? [])
    if (g.id === undefined || !pp.variableGroups.has(g.id))
      throw new BadRequest(
        `Variable group ${String(g.id)} could not be found.`,
        400,
        "VariableGroupNotFoundException",
      );
  const phases = (body.process as { phases?: { steps?: Json[] }[] } | undefined)?.phases ?? [];
  for (const step of phases.flatMap((ph) => ph.steps ?? [])) {
    const task = step.task as { id?: string; definitionType?: string } | undefined;
    if (task?.definitionType === "metaTask" && !pp.taskGroups.has(task.id ?? ""))
      throw new BadRequest(
        `Task group ${String(task.id)} could not be found.`,
        400,
        "MetaTaskDefinitionNotFoundException",
      );
  }
}

/** Definitions: list (paged by $top and x-ms-continuationtoken), one at a revision, its revisions. */
function addDefinitionReads(routes: RouteTable, r: PipelinesRoutes): void {
  const org = orgUrlOf(r.state);
  routes.add(
    "GET",
    new RegExp(`${DEFS}/?$`, "i"),
    r.withProject((ctx, p, pp) => {
      const all = ctx.url.searchParams.get("includeAllProperties") === "true";
      // Pages of $top ordered by id; x-ms-continuationtoken names where the next page starts.
      const from = Number(ctx.url.searchParams.get("continuationToken") ?? 0);
      const top = Number(ctx.url.searchParams.get("$top") ?? Number.MAX_SAFE_INTEGER);
      const ordered = [...pp.buildDefinitions.values()]
        .filter((d) => d.id >= from)
        .sort((a, b) => a.id - b.id);
      const page = ordered.slice(0, top);
      const next = ordered[top];
      const items = page.map((d) =>
        all ? definitionJson(org, p, latest(d)) : referenceJson(org, p, latest(d)),
      );
      return listReply(
        ctx,
        items,
        next ? { "x-ms-continuationtoken": String(next.id) } : undefined,
      );
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/?$`, "i"),
    r.withProject((ctx, p, pp) => {
      const def = pp.buildDefinitions.get(Number(ctx.params.id));
      if (!def) return definitionMissing(ctx.params.id ?? "");
      const wanted = ctx.url.searchParams.get("revision");
      const at = wanted ? def.revisions[Number(wanted) - 1] : latest(def);
      if (!at) return definitionMissing(`${ctx.params.id ?? ""} (revision ${wanted ?? ""})`);
      return { status: 200, body: definitionJson(org, p, at) };
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${DEFS}/(?<id>\\d+)/revisions/?$`, "i"),
    r.withProject(
      revisionsList(
        r.state,
        (pp) => pp.buildDefinitions,
        definitionMissing,
        (_def, rev) => ({ name: rev.body.name }),
      ),
    ),
  );
}

/** Definitions: create (a name is unique in its folder), update (at the latest revision only). */
function addDefinitionWrites(routes: RouteTable, r: PipelinesRoutes): void {
  const org = orgUrlOf(r.state);
  routes.add(
    "POST",
    new RegExp(`${DEFS}/?$`, "i"),
    r.withProject(async (ctx, p, pp) => {
      const body = await objectBody(ctx);
      const name = requiredName(body, "build definition");
      const path = (body.path as string | undefined) ?? "\\";
      for (const d of pp.buildDefinitions.values())
        if (latest(d).body.name === name && (latest(d).body.path ?? "\\") === path)
          throw new BadRequest(
            `The build definition name ${name} already exists in folder ${path}.`,
            409,
            "DefinitionExistsException",
          );
      checkDefinitionReferences(pp, body);
      const id = r.pipelines().nextId("build-definition");
      const saved = saveRevision(r.pipelines(), ctx, pp.buildDefinitions, id, {
        ...body,
        path,
        authoredBy: identityRef(r.state, ctx.userId),
      });
      return { status: 200, body: definitionJson(org, p, saved) };
    }),
  );
  routes.add(
    "PUT",
    new RegExp(`${DEFS}/(?<id>\\d+)/?$`, "i"),
    r.withProject(async (ctx, p, pp) => {
      const def = pp.buildDefinitions.get(Number(ctx.params.id));
      if (!def) return definitionMissing(ctx.params.id ?? "");
      const body = await objectBody(ctx);
      const saved = saveUpdate(r.pipelines(), ctx, pp.buildDefinitions, def, body, {
        conflict: (current) =>
          `The definition ${def.id} has been updated by another client (revision ${current}); refresh and try again.`,
        typeKey: "DefinitionRevisionMismatchException",
        check: (b) => checkDefinitionReferences(pp, b),
      });
      return { status: 200, body: definitionJson(org, p, saved) };
    }),
  );
}

function retentionJson(pp: ProjectPipelines): Json {
  const setting = (value: number, max: number): Json => ({ min: 1, max, value });
  return {
    purgeArtifacts: setting(pp.retention.artifacts, 60),
    purgePipelineRuns: setting(pp.retention.pipelineRuns, 60),
    purgePullRequestRuns: setting(pp.retention.pullRequestRuns, 30),
    retainRunsPerProtectedBranch: setting(pp.retention.runsPerProtectedBranch, 50),
  };
}

/** The project's retention settings: get, and update the values a body names. */
function addRetention(routes: RouteTable, r: PipelinesRoutes): void {
  const retention = new RegExp(`${PROJECT_APIS}/build/retention/?$`, "i");
  routes.add(
    "GET",
    retention,
    r.withProject((_ctx, _p, pp) => ({ status: 200, body: retentionJson(pp) })),
  );
  routes.add(
    "PATCH",
    retention,
    r.withProject(async (ctx, _p, pp) => {
      const body = await objectBody(ctx);
      const value = (k: string): number | undefined =>
        (body[k] as { value?: number } | undefined)?.value;
      pp.retention = {
        artifacts: value("artifactsRetention") ?? pp.retention.artifacts,
        pipelineRuns: value("pipelineRunsRetention") ?? pp.retention.pipelineRuns,
        pullRequestRuns: value("pullRequestRunsRetention") ?? pp.retention.pullRequestRuns,
        runsPerProtectedBranch:
          value("retainRunsPerProtectedBranch") ?? pp.retention.runsPerProtectedBranch,
      };
      return { status: 200, body: retentionJson(pp) };
    }),
  );
}

export function addBuildRoutes(routes: RouteTable, deps: PipelinesDeps): void {
  const r = pipelinesRoutes(deps);
  addDefinitionReads(routes, r);
  addDefinitionWrites(routes, r);
  addRetention(routes, r);
}
