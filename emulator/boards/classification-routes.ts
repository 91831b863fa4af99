// A project's classification nodes (areas and iterations) to any depth, and adding one under a
// parent (learn.microsoft.com/rest/api/azure/devops/wit/classification-nodes).
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import type { ClassificationNode } from "./model";
import { boardsOf, type Ensure } from "./project-teams";
import { findByNames, findWithPath } from "./tree";
import { conflict, list, notFound, param, type BoardsContext } from "./wire";

const GROUPS = { areas: "area", iterations: "iteration" } as const;
const STRUCTURE_NAME = { area: "Area", iteration: "Iteration" } as const;
type StructureType = "area" | "iteration";

/** Where a node is shown: its structure type, its `\Project\Area\…` path, how deep to answer. */
interface NodeView {
  structureType: StructureType;
  path: string;
  depth: number;
}

function wireNode(node: ClassificationNode, view: NodeView): Record<string, unknown> {
  const { structureType, path, depth } = view;
  return {
    id: node.id,
    identifier: node.identifier,
    name: node.name,
    structureType,
    hasChildren: node.children.length > 0,
    path,
    ...(node.attributes ? { attributes: node.attributes } : {}),
    ...(depth > 0 && node.children.length > 0
      ? {
          children: node.children.map((c) =>
            wireNode(c, { structureType, path: `${path}\\${c.name}`, depth: depth - 1 }),
          ),
        }
      : {}),
  };
}

const childrenOf = (n: ClassificationNode): ClassificationNode[] => n.children;

function findNode(root: ClassificationNode, relative: string): ClassificationNode | undefined {
  return findByNames(
    root,
    childrenOf,
    relative.split(/[\\/]/).filter((p) => p !== ""),
  );
}

/** An iteration by its identifier, with its path from the root ("Project\Release 1\…"). */
export function iterationById(
  root: ClassificationNode,
  id: string,
): { node: ClassificationNode; path: string } | undefined {
  return findWithPath(root, childrenOf, (n) => n.identifier === id, "\\");
}

function relativeParts(path: string | undefined): string[] {
  return (path ?? "").split("/").filter((p) => p !== "");
}

export function addClassificationRoutes(
  routes: RouteTable,
  ctx: BoardsContext,
  ensure: Ensure,
): void {
  const P = String.raw`^/(?<project>[^/]+)`;
  routes.add("GET", new RegExp(`${P}/_apis/wit/classificationnodes/?$`, "i"), (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const depth = Number(param(route.url, "$depth") ?? 0);
    return list(
      (["area", "iteration"] as const).map((structureType) =>
        wireNode(structureType === "area" ? boards.areas : boards.iterations, {
          structureType,
          path: `\\${name}\\${STRUCTURE_NAME[structureType]}`,
          depth,
        }),
      ),
    );
  });

  const nodePath = new RegExp(
    `${P}/_apis/wit/classificationnodes/(?<group>areas|iterations)(?<path>/.*)?$`,
    "i",
  );
  const located = (route: RouteContext) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const type = GROUPS[(route.params.group ?? "").toLowerCase() as keyof typeof GROUPS];
    const root = type === "area" ? boards.areas : boards.iterations;
    return { type, root, base: `\\${name}\\${STRUCTURE_NAME[type]}` };
  };
  routes.add("GET", nodePath, (route) => {
    const { type, root, base } = located(route);
    const node = findNode(root, route.params.path ?? "");
    if (!node) throw notFound(`VS402485: The node ${route.params.path ?? ""} does not exist.`);
    const parts = relativeParts(route.params.path);
    return {
      status: 200,
      body: wireNode(node, {
        structureType: type,
        path: [base, ...parts].join("\\"),
        depth: Number(param(route.url, "$depth") ?? 0),
      }),
    };
  });
  routes.add("POST", nodePath, async (route) => {
    const { type, root, base } = located(route);
    const parent = findNode(root, route.params.path ?? "");
    if (!parent)
      throw notFound(`VS402485: The parent node ${route.params.path ?? ""} does not exist.`);
    const body = (await route.body()) as {
      name?: string;
      attributes?: ClassificationNode["attributes"];
    };
    if (!body?.name) throw new BadRequest("A classification node needs a name.");
    if (parent.children.some((c) => c.name.toLowerCase() === body.name?.toLowerCase()))
      throw conflict(
        `VS402371: Classification node name ${body.name} is already in use by a different child of parent classification node ${parent.name}.`,
        "ClassificationNodeDuplicateNameException",
      );
    const node: ClassificationNode = {
      id: ctx.boards().nextNodeId++,
      identifier: randomUUID(),
      name: body.name,
      children: [],
      ...(body.attributes ? { attributes: body.attributes } : {}),
    };
    parent.children.push(node);
    const path = [base, ...relativeParts(route.params.path), node.name].join("\\");
    return { status: 201, body: wireNode(node, { structureType: type, path, depth: 0 }) };
  });
}
