import { isTenantId, tenantEntryProblem, tenantOfEntry } from "../../src/core/entra-tenant";

const FABRIKAM = "85bdc543-be4e-4cdc-9e52-7592e5333ced";

describe("the tenant an administrator types", () => {
  it("accepts a tenant ID, in any case and with spaces around it", () => {
    expect(tenantEntryProblem(FABRIKAM)).toBeUndefined();
    expect(tenantEntryProblem(` ${FABRIKAM.toUpperCase()} `)).toBeUndefined();
    expect(tenantOfEntry(` ${FABRIKAM.toUpperCase()} `)).toBe(FABRIKAM);
  });

  it("accepts a primary domain or another domain of the tenant", () => {
    for (const d of [
      "fabrikam.onmicrosoft.com",
      "contoso.com",
      "Sub.Contoso.co.uk",
      "xn--bcher-kva.example",
    ])
      expect(tenantEntryProblem(d)).toBeUndefined();
    expect(tenantOfEntry(" Contoso.COM ")).toBe("contoso.com");
  });

  it("asks for something when nothing is typed", () => {
    expect(tenantEntryProblem("")).toMatch(/Enter your organization's tenant ID or primary domain/);
    expect(tenantEntryProblem("   ")).toMatch(/Enter your organization's/);
  });

  it("never takes Entra's shared endpoints", () => {
    for (const shared of ["common", "organizations", "Consumers"])
      expect(tenantEntryProblem(shared)).toMatch(/shared endpoints, not a tenant/);
  });

  it("refuses the all-zero ID of organizations without a tenant", () => {
    expect(tenantEntryProblem("00000000-0000-0000-0000-000000000000")).toMatch(
      /Microsoft accounts/,
    );
    expect(isTenantId("00000000-0000-0000-0000-000000000000")).toBe(false);
  });

  it("says what is wrong with a malformed ID, an address or a user name", () => {
    expect(tenantEntryProblem("85bdc543-be4e-4cdc-9e52")).toMatch(/is a GUID/);
    expect(tenantEntryProblem("https://login.microsoftonline.com/contoso.com")).toMatch(
      /not an address/,
    );
    expect(tenantEntryProblem("gloria@fabrikam.onmicrosoft.com")).toMatch(
      /without a user name \(fabrikam\.onmicrosoft\.com\)/,
    );
    for (const bad of [
      "fabrikam",
      "fab rikam.com",
      "-fabrikam.com",
      "fabrikam..com",
      "fabrikam.c0m",
    ])
      expect(tenantEntryProblem(bad)).toMatch(/tenant ID \(a GUID .*\) or a domain/);
  });

  it("knows a tenant ID from anything else", () => {
    expect(isTenantId(FABRIKAM)).toBe(true);
    expect(isTenantId("contoso.com")).toBe(false);
    expect(isTenantId("common")).toBe(false);
  });
});
