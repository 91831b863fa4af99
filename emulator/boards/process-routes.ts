// Processes and their work item types (Work Item Tracking Process REST API 7.1): read any process;
// create an inherited process of a system one, derived and custom types, and add states (or hide
// inherited ones), fields and rules to a type the inherited process owns. System processes cannot
// be changed, nor a parent's type before a derived type is made for it (as in the real service).
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import type { BoardsOrganization } from "./model";
import type {
  ProcessRecord,
  RuleRecord,
  StateRecord,
  WitFieldRecord,
  WorkItemTypeRecord,
} from "./process-model";
import { newType, startingForm, startingStates } from "./processes";
import { boardsOf, type Ensure } from "./project-teams";
import {
  processById,
  typeOf,
  typesOf,
  wireTypeFields,
  wireProcess,
  wireRules,
  wireStates,
  wireType,
  type TypeView,
} from "./process-view";
import { bodyOf, conflict, list, param, type BoardsContext } from "./wire";

export const PROCESS = String.raw`^/_apis/work/processes/(?<id>[0-9a-f-]{36})`;
const TYPE = String.raw`${PROCESS}/workitemtypes/(?<wit>[^/]+)`;

/** An inherited process, which may be changed (a system one may not). */
export function inheritedOf(ctx: BoardsContext, route: RouteContext): ProcessRecord {
  const p = processById(ctx.boards(), route.params.id);
  if (p.customizationType === "system")
    throw new BadRequest(`VS402371: The system process ${p.name} cannot be customized.`);
  return p;
}

/** The type a route names, in the process it names, as that process shows it. */
export function viewOf(ctx: BoardsContext, route: RouteContext): TypeView {
  const org = ctx.boards();
  return typeOf(org, processById(org, route.params.id), route.params.wit);
}

/** A type the inherited process owns (derived or custom): the only ones it can change. */
export function ownType(ctx: BoardsContext, route: RouteContext): TypeView {
  const org = ctx.boards();
  const view = typeOf(org, inheritedOf(ctx, route), route.params.wit);
  if (view.type.customization === "system")
    throw new BadRequest(
      `VS402806: Create a derived type of ${view.type.name} before you change it.`,
    );
  return view;
}

function addProcessListRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const all = /^\/_apis\/work\/processes\/?$/i;
  routes.add("GET", all, () => list([...ctx.boards().processes.values()].map(wireProcess)));
  routes.add("POST", all, async (route) => {
    const org = ctx.boards();
    const body = await bodyOf<ProcessRecord>(route);
    if (!body.name || !body.parentProcessTypeId)
      throw new BadRequest("A process needs a name and parentProcessTypeId.");
    const parent = processById(org, body.parentProcessTypeId);
    if (parent.customizationType !== "system")
      throw new BadRequest("An inherited process can only inherit from a system process.");
    if ([...org.processes.values()].some((p) => p.name.toLowerCase() === body.name?.toLowerCase()))
      throw conflict(`VS402357: A process named ${body.name} already exists.`);
    const p: ProcessRecord = {
      typeId: randomUUID(),
      name: body.name,
      referenceName: body.referenceName ?? body.name.replace(/[^A-Za-z0-9]/g, ""),
      description: body.description ?? "",
      parentProcessTypeId: parent.typeId,
      customizationType: "inherited",
      workItemTypes: [],
      behaviors: [],
    };
    org.processes.set(p.typeId, p);
    return { status: 200, body: wireProcess(p) };
  });
  routes.add("GET", new RegExp(`${PROCESS}/?$`, "i"), (route) => ({
    status: 200,
    body: wireProcess(processById(ctx.boards(), route.params.id)),
  }));
}

function createType(
  org: BoardsOrganization,
  p: ProcessRecord,
  body: Partial<WorkItemTypeRecord> & { inheritsFrom?: string },
): WorkItemTypeRecord {
  if (!body.name && !body.inheritsFrom) throw new BadRequest("A work item type needs a name.");
  const base = body.inheritsFrom ? typeOf(org, p, body.inheritsFrom) : undefined;
  if (base && base.type.customization !== "system")
    throw conflict(`VS402807: ${base.type.name} already has a derived type.`);
  const name = base?.type.name ?? (body.name as string);
  if (!base && typesOf(org, p).some((v) => v.type.name.toLowerCase() === name.toLowerCase()))
    throw conflict(`VS402808: A work item type named ${name} already exists.`);
  const referenceName = `${p.referenceName}.${name.replace(/[^A-Za-z0-9]/g, "")}`;
  const fields = {
    referenceName,
    name,
    description: body.description ?? base?.type.description ?? "",
    color: body.color ?? base?.type.color ?? "009ccc",
    icon: body.icon ?? base?.type.icon ?? "icon_clipboard",
    isDisabled: body.isDisabled ?? false,
    addedControls: {},
    behaviors: [],
  };
  return base
    ? newType({ ...fields, inherits: base.type.referenceName, customization: "inherited" })
    : newType(
        { ...fields, customization: "custom" },
        {
          states: startingStates(false),
          fields: [{ referenceName: "System.Title", required: true, readOnly: false }],
          pages: startingForm(referenceName),
        },
      );
}

function addTypeRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const all = new RegExp(`${PROCESS}/workitemtypes/?$`, "i");
  routes.add("GET", all, (route) => {
    const org = ctx.boards();
    const expand = param(route.url, "$expand") ?? "";
    return list(typesOf(org, processById(org, route.params.id)).map((v) => wireType(v, expand)));
  });
  routes.add("POST", all, async (route) => {
    const org = ctx.boards();
    const p = inheritedOf(ctx, route);
    const type = createType(org, p, await bodyOf(route));
    p.workItemTypes.push(type);
    return { status: 201, body: wireType(typeOf(org, p, type.referenceName), "") };
  });
  routes.add("GET", new RegExp(`${TYPE}/?$`, "i"), (route) => ({
    status: 200,
    body: wireType(viewOf(ctx, route), param(route.url, "$expand") ?? ""),
  }));
}

function addStateRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const states = new RegExp(`${TYPE}/states/?$`, "i");
  routes.add("GET", states, (route) => list(wireStates(viewOf(ctx, route))));
  routes.add("POST", states, async (route) => {
    const view = ownType(ctx, route);
    const body = await bodyOf<StateRecord>(route);
    if (!body.name || !body.stateCategory)
      throw new BadRequest("A state needs a name and a stateCategory.");
    if (wireStates(view).some((s) => String(s.name).toLowerCase() === body.name?.toLowerCase()))
      throw conflict(`VS402809: The state ${body.name} already exists on ${view.type.name}.`);
    const s: StateRecord = {
      id: randomUUID(),
      name: body.name,
      stateCategory: body.stateCategory,
      color: body.color ?? "b2b2b2",
      order: body.order ?? wireStates(view).length + 1,
    };
    view.type.states.push(s);
    return { status: 201, body: { ...s, customizationType: "custom" } };
  });
  // Hide (or show again) an inherited state: "Hide state definition".
  routes.add("PUT", new RegExp(`${TYPE}/states/(?<state>[^/]+)/?$`, "i"), async (route) => {
    const view = ownType(ctx, route);
    const inherited = view.parent?.states.find((s) => s.id === route.params.state);
    if (!inherited) throw new BadRequest("Only an inherited state can be hidden.");
    const { hidden } = await bodyOf<{ hidden: boolean }>(route);
    view.type.hiddenStates = view.type.hiddenStates.filter((n) => n !== inherited.name);
    if (hidden) view.type.hiddenStates.push(inherited.name);
    return { status: 200, body: { ...inherited, customizationType: "system", hidden: !!hidden } };
  });
}

function addFieldAndRuleRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const fields = new RegExp(`${TYPE}/fields/?$`, "i");
  routes.add("GET", fields, (route) => list(wireTypeFields(ctx.boards(), viewOf(ctx, route))));
  routes.add("POST", fields, async (route) => {
    const org = ctx.boards();
    const view = ownType(ctx, route);
    const body = await bodyOf<WitFieldRecord>(route);
    const ref = body.referenceName ?? "";
    if (!/^(System|Microsoft)\./.test(ref) && !org.fields.has(ref.toLowerCase()))
      throw new BadRequest(`TF51535: Cannot find field ${ref}.`, 404);
    if (
      wireTypeFields(org, view).some(
        (f) => String(f.referenceName).toLowerCase() === ref.toLowerCase(),
      )
    )
      throw conflict(`VS402810: ${view.type.name} already has the field ${ref}.`);
    const field: WitFieldRecord = {
      referenceName: ref,
      required: body.required ?? false,
      readOnly: body.readOnly ?? false,
      ...(body.defaultValue !== undefined ? { defaultValue: body.defaultValue } : {}),
      ...(body.allowGroups !== undefined ? { allowGroups: body.allowGroups } : {}),
    };
    view.type.fields.push(field);
    return {
      status: 200,
      body: wireTypeFields(org, { type: { ...view.type, fields: [field] } })[0],
    };
  });
  const rules = new RegExp(`${TYPE}/rules/?$`, "i");
  routes.add("GET", rules, (route) => list(wireRules(viewOf(ctx, route))));
  routes.add("POST", rules, async (route) => {
    const view = ownType(ctx, route);
    const body = await bodyOf<RuleRecord>(route);
    if (!body.name || !body.actions?.length)
      throw new BadRequest("A rule needs a name and actions.");
    const rule: RuleRecord = {
      id: randomUUID(),
      name: body.name,
      conditions: body.conditions ?? [],
      actions: body.actions,
      isDisabled: body.isDisabled ?? false,
    };
    view.type.rules.push(rule);
    return { status: 201, body: wireRules({ type: { ...view.type, rules: [rule] } })[0] };
  });
}

/** The process a project uses: its properties System.ProcessTemplateType and CurrentProcessTemplateId. */
function addProjectProcessRoute(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  routes.add("GET", /^\/_apis\/projects\/(?<project>[^/]+)\/properties\/?$/i, (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    return list([
      { name: "System.ProcessTemplateType", value: boards.processTypeId },
      { name: "System.CurrentProcessTemplateId", value: boards.processTypeId },
    ]);
  });
}

export function addProcessRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  addProjectProcessRoute(routes, ctx, ensure);
  addProcessListRoutes(routes, ctx);
  addTypeRoutes(routes, ctx);
  addStateRoutes(routes, ctx);
  addFieldAndRuleRoutes(routes, ctx);
}
