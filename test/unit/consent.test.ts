import { adminConsentUrl, parseConsentRedirect } from "../../src/core/consent";

describe("admin consent", () => {
  const req = {
    authority: "https://login.microsoftonline.com/",
    tenantId: "t-1",
    clientId: "c-1",
    redirectUri: "https://x/consent.html",
    state: "s-1",
  };

  it("asks the organization's own tenant for both delegated permissions", () => {
    const url = new URL(adminConsentUrl(req));
    expect(url.origin + url.pathname).toBe(
      "https://login.microsoftonline.com/t-1/v2.0/adminconsent",
    );
    expect(url.searchParams.get("scope")).toBe(
      "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation https://graph.microsoft.com/User.Read.All",
    );
    expect(url.searchParams.get("state")).toBe("s-1");
  });

  it("refuses the shared 'common' endpoint", () => {
    expect(() => adminConsentUrl({ ...req, tenantId: "common" })).toThrow(/own tenant/);
  });

  it("trusts an answer only with the state it sent", () => {
    const q = new URLSearchParams("admin_consent=True&tenant=t-1&scope=a%20b&state=evil");
    expect(parseConsentRedirect(q, "s-1").kind).toBe("untrusted");
    expect(parseConsentRedirect(q, undefined).kind).toBe("untrusted");
  });

  it("reads granted, declined and failed answers", () => {
    expect(
      parseConsentRedirect(
        new URLSearchParams("admin_consent=True&tenant=t-1&scope=a%20b&state=s"),
        "s",
      ),
    ).toEqual({
      kind: "granted",
      tenantId: "t-1",
      scopes: ["a", "b"],
    });
    const declined = new URLSearchParams(
      "error=access_denied&error_description=AADSTS65004%3A+declined&state=s",
    );
    expect(parseConsentRedirect(declined, "s").kind).toBe("declined");
    const notAdmin = new URLSearchParams(
      "error=access_denied&error_description=AADSTS90094%3A+admin+needed&state=s",
    );
    expect(parseConsentRedirect(notAdmin, "s").kind).toBe("failed");
  });
});
