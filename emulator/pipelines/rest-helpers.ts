// Plumbing the Pipelines, Test Plans and Artifacts routes share: the project a path names, list
// replies (wrapped in {count, value} unless the caller asked for noArrayWrap), identity refs and
// the "not found" answers in Azure DevOps' words.
import { BadRequest, errorReply, type Reply, type RouteContext } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";

/** `^/{project}/_apis`: these areas answer at project level. */
export const PROJECT_APIS = String.raw`^/(?<project>[^/]+)/_apis`;

/** A list answer: the organization's own (`{count, value}` unless bare arrays were asked for). */
export { list as listReply } from "../server/rest-replies";

export function projectMissing(name: string): Reply {
  return errorReply(
    404,
    `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    "ProjectDoesNotExistWithNameException",
  );
}

export function notFound(message: string, typeKey: string): Reply {
  return errorReply(404, message, typeKey);
}

/** The project a route's `project` param names, or a 404 reply. */
export function projectOf(state: EmulatorState, ctx: RouteContext): ProjectRecord | Reply {
  const name = ctx.params.project ?? "";
  return state.findProject(name) ?? projectMissing(name);
}

/**
 * A handler for a project-level path, given the project and its part of an area's state (Pipelines,
 * Test Plans): 404 for a project that does not exist.
 */
export function withProjectIn<T>(
  state: EmulatorState,
  partOf: (projectId: string) => T,
): ProjectAreaRoutes<T>["withProject"] {
  return (handler) =>
    (ctx: RouteContext): Reply | Promise<Reply> => {
      const p = projectOf(state, ctx);
      return isReply(p) ? p : handler(ctx, p, partOf(p.id));
    };
}

/** A handler for a project-level path, given the project and its part of an area's state. */
export type ProjectPartHandler<T> = (
  ctx: RouteContext,
  p: ProjectRecord,
  part: T,
) => Reply | Promise<Reply>;

/** What an area's route registrations take: the state, and the wrapper of project-level handlers. */
export interface ProjectAreaRoutes<T> {
  state: EmulatorState;
  withProject: (handler: ProjectPartHandler<T>) => (ctx: RouteContext) => Reply | Promise<Reply>;
}

/** An area's dependencies with the wrapper of its project-level handlers (`partOf`: a project's part). */
export function projectAreaRoutes<D extends { state: EmulatorState }, T>(
  deps: D,
  partOf: (projectId: string) => T,
): D & ProjectAreaRoutes<T> {
  return { ...deps, withProject: withProjectIn(deps.state, partOf) };
}

export function isReply(x: unknown): x is Reply {
  return typeof x === "object" && x !== null && "status" in x && !("id" in x);
}

/** Links in answers name the organization as Azure DevOps Services does (no emulator port needed). */
export function orgUrlOf(state: EmulatorState): string {
  return `https://dev.azure.com/${state.organization.name}`;
}

export function identityRef(
  state: EmulatorState,
  userId: string | null | undefined,
): Record<string, unknown> {
  const u = userId ? state.user(userId) : undefined;
  const id = userId ?? "00000000-0000-0000-0000-000000000000";
  const avatar = `${orgUrlOf(state)}/_apis/GraphProfile/MemberAvatars/${u?.descriptor ?? id}`;
  return {
    displayName: u?.displayName ?? "Unknown user",
    url: `${orgUrlOf(state)}/_apis/Identities/${id}`,
    _links: { avatar: { href: avatar } },
    id,
    uniqueName: u?.email ?? userId ?? "",
    imageUrl: avatar,
    descriptor: u?.descriptor,
  };
}

/** A JSON object body, or 400 as Azure DevOps answers a missing one. */
export async function objectBody(ctx: RouteContext): Promise<Record<string, unknown>> {
  const body = await ctx.body();
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadRequest(
      "Value cannot be null.\r\nParameter name: body",
      400,
      "ArgumentNullException",
    );
  return body as Record<string, unknown>;
}

export function requiredName(body: Record<string, unknown>, what: string): string {
  const name = body.name;
  if (typeof name !== "string" || name.trim() === "")
    throw new BadRequest(`The ${what} name is required.`, 400, "ArgumentException");
  return name;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
