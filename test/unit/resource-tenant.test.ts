import {
  tenantOfIdentityDescriptor,
  tenantOfResourceTenantHeader,
} from "../../src/ado/resource-tenant";

const TENANT = "85bdc543-be4e-4cdc-9e52-7592e5333ced";
const ZERO = "00000000-0000-0000-0000-000000000000";

describe("X-VSS-ResourceTenant", () => {
  it("names the tenant", () => {
    expect(tenantOfResourceTenantHeader(TENANT)).toEqual({ kind: "entra", tenantId: TENANT });
  });

  it("takes the first tenant that is not all zeros: an all-zero first one does not mean none", () => {
    expect(tenantOfResourceTenantHeader(`${ZERO}, ${TENANT.toUpperCase()}`)).toEqual({
      kind: "entra",
      tenantId: TENANT,
    });
    expect(tenantOfResourceTenantHeader(`${TENANT},11111111-2222-3333-4444-555555555555`)).toEqual({
      kind: "entra",
      tenantId: TENANT,
    });
  });

  it("only zeros: Microsoft accounts; nothing readable: unknown", () => {
    expect(tenantOfResourceTenantHeader(ZERO)).toEqual({ kind: "none" });
    expect(tenantOfResourceTenantHeader(`${ZERO},${ZERO}`)).toEqual({ kind: "none" });
    expect(tenantOfResourceTenantHeader(null)).toEqual({ kind: "unknown" });
    expect(tenantOfResourceTenantHeader("garbage")).toEqual({ kind: "unknown" });
  });
});

describe("connectionData's authenticatedUser.descriptor", () => {
  it("an Entra identity names its tenant", () => {
    expect(
      tenantOfIdentityDescriptor(
        `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\avery@fabrikam.com`,
      ),
    ).toEqual({ kind: "entra", tenantId: TENANT });
  });

  it("a Microsoft account means no tenant; an anonymous caller reveals nothing", () => {
    expect(
      tenantOfIdentityDescriptor(
        "Microsoft.IdentityModel.Claims.ClaimsIdentity;0003BFFD8A9C1E27@Live.com",
      ),
    ).toEqual({ kind: "none" });
    expect(
      tenantOfIdentityDescriptor("System:PublicAccess;aa442b3d-ee66-4bd6-9a2d-8a4c8d35a4e5"),
    ).toEqual({ kind: "unknown" });
    expect(tenantOfIdentityDescriptor(undefined)).toEqual({ kind: "unknown" });
  });
});
