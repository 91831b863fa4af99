// GET _apis/connectionData: who the caller is (or Anonymous) and the organization's access mapping,
// in the shape the real service answers (docs/platform.md#rest-requests).
import type { RouteTable } from "./http";
import { orgUrl, puidOf, type RestDeps } from "./rest-replies";

export function addConnectionDataRoute(routes: RouteTable, deps: RestDeps): void {
  const { state } = deps;
  routes.add("GET", /^\/_apis\/connectiondata\/?$/i, (ctx) => {
    const u = ctx.userId ? state.user(ctx.userId) : undefined;
    const identity = u
      ? {
          id: u.id,
          // An Entra identity names its tenant; a Microsoft account its PUID at Live.com.
          descriptor: state.hasTenant
            ? `Microsoft.IdentityModel.Claims.ClaimsIdentity;${state.organization.tenantId}\\${u.email}`
            : `Microsoft.IdentityModel.Claims.ClaimsIdentity;${puidOf(u.id)}@Live.com`,
          subjectDescriptor: u.descriptor,
          providerDisplayName: u.displayName,
          isActive: true,
          properties: { Account: { $type: "System.String", $value: u.email } },
          resourceVersion: 2,
          metaTypeId: 0,
        }
      : {
          id: "aa442b3d-ee66-4bd6-9a2d-8a4c8d35a4e5",
          descriptor: "System:PublicAccess;aa442b3d-ee66-4bd6-9a2d-8a4c8d35a4e5",
          subjectDescriptor: "s2s.YWE0NDJiM2QtZWU2Ni00YmQ2LTlhMmQtOGE0YzhkMzVhNGU1",
          providerDisplayName: "Anonymous",
          isActive: true,
          properties: {},
          resourceVersion: 2,
          metaTypeId: 255,
        };
    return {
      status: 200,
      body: {
        authenticatedUser: identity,
        authorizedUser: identity,
        instanceId: state.organization.id,
        deploymentId: "f3c2f7f4-7cf6-4c27-8e8b-6a0f6d0c2f55",
        deploymentType: "hosted",
        locationServiceData: {
          serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
          defaultAccessMappingMoniker: "PublicAccessMapping",
          lastChangeId: 1,
          lastChangeId64: 1,
          accessMappings: [
            {
              displayName: "Public Access Mapping",
              moniker: "PublicAccessMapping",
              accessPoint: `${orgUrl(deps)}/`,
              serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
              virtualDirectory: "",
            },
          ],
        },
      },
    };
  });
}
