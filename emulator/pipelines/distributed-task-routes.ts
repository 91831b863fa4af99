// The DistributedTask area (task groups, variable groups, environments, deployment groups, agent
// queues) and the ServiceEndpoint area, in the shapes of learn.microsoft.com/rest/api/azure/devops
// distributedtask/* and serviceendpoint/endpoints, 7.1. See CONTRACT.md "Pipelines".
import { BadRequest, type Reply, type RouteContext, type RouteTable } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";
import type { PipelinesDeps } from "./pipelines-routes";
import {
  PROJECT_APIS,
  identityRef,
  listReply,
  objectBody,
  withProjectIn,
  requiredName,
} from "./rest-helpers";
import { endpointForReaders, withoutSecretValues } from "./secrets";
import type { Json, PipelinesState, ProjectPipelines } from "./state";

function sameName(items: Iterable<Json>, name: string): boolean {
  for (const x of items) if (String(x.name).toLowerCase() === name.toLowerCase()) return true;
  return false;
}

function taken(what: string, name: string): never {
  throw new BadRequest(
    `A ${what} with name ${name} already exists.`,
    409,
    "DuplicateNameException",
  );
}

interface ProjectReference {
  projectReference?: { id?: string; name?: string };
}

/**
 * The projects a variable group or service connection is created in: the project of the path, or
 * else every project its `references` list names (400 when it names none, or one that does not exist).
 */
function projectsSharedTo(
  state: EmulatorState,
  project: ProjectRecord | undefined,
  body: Json,
  references: string,
  lookupKey: (r: ProjectReference) => string,
): ProjectRecord[] {
  const refs = (body[references] as ProjectReference[] | undefined) ?? [];
  const targets = project ? [project] : refs.map((r) => state.findProject(lookupKey(r)));
  if (targets.length === 0 || targets.some((t) => !t))
    throw new BadRequest(`${references} must name an existing project.`, 400, "ArgumentException");
  return targets as ProjectRecord[];
}

/** An item shared between projects: what it is called, and how its project references name a project. */
interface SharedKind {
  what: string;
  references: string;
  lookupKey: (r: ProjectReference) => string;
}

const VARIABLE_GROUP: SharedKind = {
  what: "variable group",
  references: "variableGroupProjectReferences",
  lookupKey: (r) => r.projectReference?.id ?? r.projectReference?.name ?? "",
};

const SERVICE_CONNECTION: SharedKind = {
  what: "service connection",
  references: "serviceEndpointProjectReferences",
  lookupKey: (r) => r.projectReference?.id ?? "",
};

/** A new shared item's body and name, the projects it goes into, and their references. */
async function sharedItem(
  state: EmulatorState,
  ctx: RouteContext,
  project: ProjectRecord | undefined,
  kind: SharedKind,
): Promise<{ body: Json; name: string; targets: ProjectRecord[]; projectReferences: Json[] }> {
  const body = await objectBody(ctx);
  const name = requiredName(body, kind.what);
  const targets = projectsSharedTo(state, project, body, kind.references, kind.lookupKey);
  const projectReferences = targets.map((t) => ({
    name,
    projectReference: { id: t.id, name: t.name },
  }));
  return { body, name, targets, projectReferences };
}

export function addDistributedTaskRoutes(routes: RouteTable, deps: PipelinesDeps): void {
  const { state } = deps;
  const pipelines = (): PipelinesState => deps.pipelines();
  const TASK = `${PROJECT_APIS}/distributedtask`;
  const withProject = withProjectIn(state, (id) => pipelines().project(id));
  const now = (): string => new Date().toISOString();
  /** One shared item goes into each project it names; 409 in the first that has the name taken. */
  const storeInEach = <K>(
    targets: ProjectRecord[],
    what: string,
    pick: (pp: ProjectPipelines) => Map<K, Json>,
    key: K,
    item: Json,
  ): void => {
    const name = String(item.name);
    for (const t of targets) {
      const pp = pipelines().project(t.id);
      if (sameName(pick(pp).values(), name)) taken(what, name);
      pick(pp).set(key, item);
    }
  };
  /** Creating a shared item answers at organization level (projects in the body) and project level. */
  const addCreateRoutes = (
    orgPath: RegExp,
    projectPath: string,
    create: (ctx: RouteContext, project: ProjectRecord | undefined) => Promise<Reply>,
  ): void => {
    routes.add("POST", orgPath, (ctx) => create(ctx, undefined));
    routes.add(
      "POST",
      new RegExp(projectPath, "i"),
      withProject((ctx, p) => create(ctx, p)),
    );
  };

  // Task groups: the list carries each group's newest version; `revision` counts its edits.
  routes.add(
    "GET",
    new RegExp(`${TASK}/taskgroups/?$`, "i"),
    withProject((ctx, _p, pp) => listReply(ctx, [...pp.taskGroups.values()])),
  );
  routes.add(
    "POST",
    new RegExp(`${TASK}/taskgroups/?$`, "i"),
    withProject(async (ctx, _p, pp) => {
      const body = await objectBody(ctx);
      const name = requiredName(body, "task group");
      if (sameName(pp.taskGroups.values(), name)) taken("task group", name);
      const group: Json = {
        ...body,
        id: pipelines().newGuid(),
        name,
        revision: 1,
        version: { major: 1, minor: 0, patch: 0, isTest: false },
        createdBy: identityRef(state, ctx.userId),
        createdOn: now(),
        modifiedBy: identityRef(state, ctx.userId),
        modifiedOn: now(),
        definitionType: "metaTask",
      };
      pp.taskGroups.set(group.id as string, group);
      return { status: 200, body: group };
    }),
  );

  // Variable groups: secret values are stored, answered as null.
  const groupJson = (g: Json): Json => ({ ...g, variables: withoutSecretValues(g.variables) });
  routes.add(
    "GET",
    new RegExp(`${TASK}/variablegroups/?$`, "i"),
    withProject((ctx, _p, pp) => listReply(ctx, [...pp.variableGroups.values()].map(groupJson))),
  );
  const createVariableGroup = async (
    ctx: RouteContext,
    project: ProjectRecord | undefined,
  ): Promise<Reply> => {
    const { body, name, targets, projectReferences } = await sharedItem(
      state,
      ctx,
      project,
      VARIABLE_GROUP,
    );
    const id = pipelines().nextId("variable-group");
    const group: Json = {
      ...body,
      id,
      name,
      type: body.type ?? "Vsts",
      createdBy: identityRef(state, ctx.userId),
      createdOn: now(),
      modifiedBy: identityRef(state, ctx.userId),
      modifiedOn: now(),
      isShared: false,
      variableGroupProjectReferences: projectReferences,
    };
    storeInEach(targets, "variable group", (pp) => pp.variableGroups, id, group);
    return { status: 200, body: groupJson(group) };
  };
  addCreateRoutes(
    /^\/_apis\/distributedtask\/variablegroups\/?$/i,
    `${TASK}/variablegroups/?$`,
    createVariableGroup,
  );

  // Environments and deployment groups: a name and a description (resources and targets register themselves).
  const simple = (
    path: string,
    what: string,
    pick: (pp: ProjectPipelines) => Map<number, Json>,
    extra: (ctx: RouteContext, body: Json) => Json,
  ) => {
    routes.add(
      "GET",
      new RegExp(`${TASK}/${path}/?$`, "i"),
      withProject((ctx, _p, pp) => listReply(ctx, [...pick(pp).values()])),
    );
    routes.add(
      "POST",
      new RegExp(`${TASK}/${path}/?$`, "i"),
      withProject(async (ctx, p, pp) => {
        const body = await objectBody(ctx);
        const name = requiredName(body, what);
        if (sameName(pick(pp).values(), name)) taken(what, name);
        const id = pipelines().nextId(path);
        const item: Json = {
          id,
          name,
          description: (body.description as string | undefined) ?? "",
          project: { id: p.id, name: p.name },
          ...extra(ctx, body),
        };
        pick(pp).set(id, item);
        return { status: 200, body: item };
      }),
    );
  };
  simple(
    "environments",
    "environment",
    (pp) => pp.environments,
    (ctx) => ({
      createdBy: identityRef(state, ctx.userId),
      createdOn: now(),
      lastModifiedBy: identityRef(state, ctx.userId),
      lastModifiedOn: now(),
    }),
  );
  simple(
    "deploymentgroups",
    "deployment group",
    (pp) => pp.deploymentGroups,
    (_ctx, body) => ({
      machineCount: 0,
      machines: [],
      pool: {
        id: pipelines().nextId("deployment-pool") + 100,
        name: String(body.name),
        isHosted: false,
        poolType: "deployment",
      },
    }),
  );

  routes.add(
    "GET",
    new RegExp(`${TASK}/queues/?$`, "i"),
    withProject((ctx, p, pp) =>
      listReply(
        ctx,
        pp.queues.map((q) => ({ ...q, projectId: p.id })),
      ),
    ),
  );

  // Service connections: listed without their secret authorization parameters.
  routes.add(
    "GET",
    new RegExp(`${PROJECT_APIS}/serviceendpoint/endpoints/?$`, "i"),
    withProject((ctx, _p, pp) =>
      listReply(ctx, [...pp.serviceEndpoints.values()].map(endpointForReaders)),
    ),
  );
  const createEndpoint = async (
    ctx: RouteContext,
    project: ProjectRecord | undefined,
  ): Promise<Reply> => {
    const { body, name, targets, projectReferences } = await sharedItem(
      state,
      ctx,
      project,
      SERVICE_CONNECTION,
    );
    const endpoint: Json = {
      ...body,
      id: pipelines().newGuid(),
      name,
      isReady: true,
      isShared: false,
      owner: "Library",
      createdBy: identityRef(state, ctx.userId),
      serviceEndpointProjectReferences: projectReferences,
    };
    storeInEach(
      targets,
      "service connection",
      (pp) => pp.serviceEndpoints,
      endpoint.id as string,
      endpoint,
    );
    return { status: 200, body: endpointForReaders(endpoint) };
  };
  addCreateRoutes(
    /^\/_apis\/serviceendpoint\/endpoints\/?$/i,
    `${PROJECT_APIS}/serviceendpoint/endpoints/?$`,
    createEndpoint,
  );
}
