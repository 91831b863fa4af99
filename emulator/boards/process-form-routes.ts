// The parts of a process beyond its types' states, fields and rules (Work Item Tracking Process
// REST API 7.1): the work item form (layout: pages, groups, controls), behaviors (backlog levels)
// and which types belong to them, picklists, and the organization's fields (WIT Fields API).
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteTable } from "../server/http";
import type {
  BehaviorRecord,
  ControlRecord,
  FieldDefinition,
  GroupRecord,
  PageRecord,
  PicklistRecord,
  WorkItemTypeRecord,
} from "./process-model";
import { inheritedOf, ownType, PROCESS, viewOf } from "./process-routes";
import {
  fieldDefinition,
  processById,
  wireBehaviors,
  wireLayout,
  wireTypeBehaviors,
} from "./process-view";
import { bodyOf, conflict, list, notFound, type BoardsContext } from "./wire";

const TYPE = String.raw`${PROCESS}/workitemtypes/(?<wit>[^/]+)`;

function group(body: Partial<GroupRecord>): GroupRecord {
  return {
    id: randomUUID(),
    label: body.label ?? "",
    visible: body.visible ?? true,
    controls: (body.controls ?? []).map(control),
  };
}

function control(body: Partial<ControlRecord>): ControlRecord {
  if (!body.id) throw new BadRequest("A control needs the id of the field it shows.");
  return {
    id: body.id,
    label: body.label ?? body.id,
    visible: body.visible ?? true,
    ...(body.controlType ? { controlType: body.controlType } : {}),
    ...(body.readOnly !== undefined ? { readOnly: body.readOnly } : {}),
  };
}

/** The type's own record of a page: its own page, or where it adds groups to its parent's. */
function ownPage(type: WorkItemTypeRecord, parentPages: PageRecord[], pageId: string): PageRecord {
  const own = type.pages.find((p) => p.id === pageId);
  if (own) return own;
  const inherited = parentPages.find((p) => p.id === pageId);
  if (!inherited) throw notFound(`VS402811: The page ${pageId} does not exist.`);
  const added: PageRecord = { ...inherited, sections: [] };
  type.pages.push(added);
  return added;
}

function addLayoutRoutes(routes: RouteTable, ctx: BoardsContext): void {
  routes.add("GET", new RegExp(`${TYPE}/layout/?$`, "i"), (route) => ({
    status: 200,
    body: wireLayout(viewOf(ctx, route)),
  }));
  routes.add("POST", new RegExp(`${TYPE}/layout/pages/?$`, "i"), async (route) => {
    const view = ownType(ctx, route);
    const body = await bodyOf<PageRecord>(route);
    if (!body.label) throw new BadRequest("A page needs a label.");
    const page: PageRecord = {
      id: randomUUID(),
      label: body.label,
      pageType: body.pageType ?? "custom",
      visible: body.visible ?? true,
      sections: ["Section1", "Section2", "Section3"].map((id) => ({ id, groups: [] })),
    };
    view.type.pages.push(page);
    return { status: 200, body: page };
  });
  const groups = new RegExp(
    `${TYPE}/layout/pages/(?<page>[^/]+)/sections/(?<section>[^/]+)/groups/?$`,
    "i",
  );
  routes.add("POST", groups, async (route) => {
    const view = ownType(ctx, route);
    const page = ownPage(view.type, view.parent?.pages ?? [], route.params.page ?? "");
    let section = page.sections.find((s) => s.id === route.params.section);
    if (!section) page.sections.push((section = { id: route.params.section ?? "", groups: [] }));
    const added = group(await bodyOf<GroupRecord>(route));
    section.groups.push(added);
    return { status: 200, body: added };
  });
  routes.add(
    "POST",
    new RegExp(`${TYPE}/layout/groups/(?<group>[^/]+)/controls/?$`, "i"),
    async (route) => {
      const view = ownType(ctx, route);
      const id = route.params.group ?? "";
      const added = control(await bodyOf<ControlRecord>(route));
      const own = view.type.pages
        .flatMap((p) => p.sections.flatMap((s) => s.groups))
        .find((g) => g.id === id);
      const inherited = view.parent?.pages.some((p) =>
        p.sections.some((s) => s.groups.some((g) => g.id === id)),
      );
      if (own) own.controls.push(added);
      else if (inherited) (view.type.addedControls[id] ??= []).push(added);
      else throw notFound(`VS402812: The group ${id} does not exist.`);
      return { status: 200, body: added };
    },
  );
}

function addBehaviorRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const behaviors = new RegExp(`${PROCESS}/behaviors/?$`, "i");
  routes.add("GET", behaviors, (route) => {
    const org = ctx.boards();
    return list(wireBehaviors(org, processById(org, route.params.id)));
  });
  routes.add("POST", behaviors, async (route) => {
    const org = ctx.boards();
    const p = inheritedOf(ctx, route);
    const body = await bodyOf<BehaviorRecord & { inherits: string }>(route);
    if (!body.name || !body.inherits) throw new BadRequest("A behavior needs a name and inherits.");
    if (
      wireBehaviors(org, p).some((b) => String(b.name).toLowerCase() === body.name?.toLowerCase())
    )
      throw conflict(`VS402813: A behavior named ${body.name} already exists.`);
    const b: BehaviorRecord = {
      referenceName: body.referenceName ?? `Custom.${randomUUID().replace(/-/g, "")}`,
      name: body.name,
      color: body.color ?? "009ccc",
      rank: body.rank ?? 40,
      description: body.description ?? "",
      inherits: body.inherits,
      customization: "custom",
    };
    p.behaviors.push(b);
    return {
      status: 200,
      body: wireBehaviors(org, { ...p, parentProcessTypeId: "", behaviors: [b] })[0],
    };
  });
  const typeBehaviors = new RegExp(
    `${PROCESS}/workitemtypesbehaviors/(?<wit>[^/]+)/behaviors/?$`,
    "i",
  );
  routes.add("GET", typeBehaviors, (route) => list(wireTypeBehaviors(viewOf(ctx, route))));
  routes.add("POST", typeBehaviors, async (route) => {
    const view = ownType(ctx, route);
    const body = await bodyOf<{ behavior: { id: string }; isDefault: boolean }>(route);
    if (!body.behavior?.id) throw new BadRequest("Name the behavior: behavior.id.");
    view.type.behaviors.push({ id: body.behavior.id, isDefault: body.isDefault ?? false });
    return { status: 200, body: { behavior: body.behavior, isDefault: body.isDefault ?? false } };
  });
}

function addPicklistRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const lists = /^\/_apis\/work\/processes\/lists\/?$/i;
  routes.add("GET", lists, () =>
    list([...ctx.boards().picklists.values()].map(({ items: _items, ...meta }) => meta)),
  );
  routes.add("POST", lists, async (route) => {
    const body = await bodyOf<PicklistRecord>(route);
    if (!body.items) throw new BadRequest("A picklist needs its items.");
    const picklist: PicklistRecord = {
      id: randomUUID(),
      name: body.name ?? `picklist_${randomUUID()}`,
      type: body.type ?? "String",
      isSuggested: body.isSuggested ?? false,
      items: body.items.map(String),
    };
    ctx.boards().picklists.set(picklist.id, picklist);
    return { status: 200, body: picklist };
  });
  routes.add("GET", /^\/_apis\/work\/processes\/lists\/(?<id>[0-9a-f-]{36})\/?$/i, (route) => {
    const found = ctx.boards().picklists.get((route.params.id ?? "").toLowerCase());
    if (!found) throw notFound(`VS402814: The picklist ${route.params.id ?? ""} does not exist.`);
    return { status: 200, body: found };
  });
}

function addFieldDefinitionRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const one = /^(?:\/(?<project>[^/]+))?\/_apis\/wit\/fields\/(?<ref>[^/]+)\/?$/i;
  routes.add("GET", one, (route) => {
    const ref = route.params.ref ?? "";
    if (!/^(System|Microsoft)\./.test(ref) && !ctx.boards().fields.has(ref.toLowerCase()))
      throw notFound(`TF51535: Cannot find field ${ref}.`);
    return { status: 200, body: fieldDefinition(ctx.boards(), ref) };
  });
  routes.add("POST", /^(?:\/(?<project>[^/]+))?\/_apis\/wit\/fields\/?$/i, async (route) => {
    const org = ctx.boards();
    const body = await bodyOf<FieldDefinition>(route);
    if (!body.name || !body.referenceName || !body.type)
      throw new BadRequest("A field needs a name, referenceName and type.");
    if (org.fields.has(body.referenceName.toLowerCase()))
      throw conflict(`VS402815: The field ${body.referenceName} already exists.`);
    if (body.picklistId && !org.picklists.has(body.picklistId.toLowerCase()))
      throw new BadRequest(`VS402814: The picklist ${body.picklistId} does not exist.`);
    const field: FieldDefinition = {
      referenceName: body.referenceName,
      name: body.name,
      type: body.type,
      description: body.description ?? "",
      isPicklist: body.isPicklist ?? false,
      ...(body.picklistId ? { picklistId: body.picklistId.toLowerCase() } : {}),
    };
    org.fields.set(field.referenceName.toLowerCase(), field);
    return { status: 200, body: fieldDefinition(org, field.referenceName) };
  });
}

export function addProcessFormRoutes(routes: RouteTable, ctx: BoardsContext): void {
  addLayoutRoutes(routes, ctx);
  addBehaviorRoutes(routes, ctx);
  addPicklistRoutes(routes, ctx);
  addFieldDefinitionRoutes(routes, ctx);
}
