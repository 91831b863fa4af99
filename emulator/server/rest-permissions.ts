// The caller's permissions: GET _apis/permissions/{namespace}/{bits} and
// POST _apis/security/permissionevaluationbatch (CONTRACT.md "Permissions").
import { BadRequest, type RouteTable } from "./http";
import { evaluate, permissionBits } from "./permissions";
import { caller, list, type RestDeps } from "./rest-replies";

export function addPermissionRoutes(routes: RouteTable, deps: RestDeps): void {
  const { state } = deps;
  routes.add("GET", /^\/_apis\/permissions\/(?<ns>[0-9a-f-]{36})\/(?<bits>[^/]+)\/?$/i, (ctx) => {
    const u = caller(ctx, deps);
    const q = ctx.url.searchParams;
    const permissions = permissionBits(ctx.params.bits);
    const raw = q.get("tokens");
    const tokens = raw === null ? [undefined] : raw.split(q.get("delimiter") || ",");
    const alwaysAllowAdministrators = /^true$/i.test(q.get("alwaysAllowAdministrators") ?? "");
    const admin = state.isProjectCollectionAdministrator(u.id);
    return list(
      ctx,
      tokens.map((token) =>
        evaluate(
          { namespaceId: ctx.params.ns ?? "", token, permissions, alwaysAllowAdministrators },
          admin,
        ),
      ),
    );
  });

  routes.add("POST", /^\/_apis\/security\/permissionevaluationbatch\/?$/i, async (ctx) => {
    const u = caller(ctx, deps);
    const body = (await ctx.body()) as
      | {
          evaluations?: { securityNamespaceId?: string; token?: string; permissions?: number }[];
          alwaysAllowAdministrators?: boolean;
        }
      | undefined;
    if (!body || !Array.isArray(body.evaluations))
      throw new BadRequest("The body must have an evaluations array.");
    const alwaysAllowAdministrators = body.alwaysAllowAdministrators === true;
    const admin = state.isProjectCollectionAdministrator(u.id);
    return {
      status: 200,
      body: {
        alwaysAllowAdministrators,
        evaluations: body.evaluations.map((e) => ({
          ...e,
          value: evaluate(
            {
              namespaceId: e.securityNamespaceId ?? "",
              token: e.token,
              permissions: permissionBits(e.permissions),
              alwaysAllowAdministrators,
            },
            admin,
          ),
        })),
      },
    };
  });
}
