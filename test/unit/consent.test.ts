import {
  adminConsentUrl,
  consentHintOf,
  consentedTenantOf,
  isTrustedHint,
  newConsentState,
  readConsentAnswer,
} from "../../src/core/consent";

const TENANT = "85bdc543-be4e-4cdc-9e52-7592e5333ced";

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
    expect(url.searchParams.get("client_id")).toBe("c-1");
    expect(url.searchParams.get("redirect_uri")).toBe("https://x/consent.html");
    expect(url.searchParams.get("state")).toBe("s-1");
  });

  it("refuses the shared 'common' endpoint", () => {
    expect(() => adminConsentUrl({ ...req, tenantId: "common" })).toThrow(/own tenant/);
    expect(() => adminConsentUrl({ ...req, tenantId: "" })).toThrow(/own tenant/);
  });

  it("makes a fresh 32-hex-digit state each time", () => {
    let n = 0;
    const a = newConsentState((b) => b.fill(++n));
    const b = newConsentState((b) => b.fill(++n));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it("reads granted, declined and failed answers, with their state, without trusting them", () => {
    expect(
      readConsentAnswer(new URLSearchParams("admin_consent=True&tenant=t-1&scope=a%20b&state=s")),
    ).toEqual({ kind: "granted", tenantId: "t-1", scopes: ["a", "b"], state: "s" });
    const declined = readConsentAnswer(
      new URLSearchParams("error=access_denied&error_description=AADSTS65004%3A+declined&state=s"),
    );
    expect(declined).toMatchObject({ kind: "declined", state: "s" });
    const notAdmin = readConsentAnswer(
      new URLSearchParams(
        "error=access_denied&error_description=AADSTS90094%3A+admin+needed&state=s",
      ),
    );
    expect(notAdmin).toMatchObject({
      kind: "failed",
      code: "access_denied",
      description: "AADSTS90094: admin needed",
    });
    expect(readConsentAnswer(new URLSearchParams("state=s")).kind).toBe("failed");
    expect(readConsentAnswer(new URLSearchParams("")).kind).toBe("none");
  });

  it("makes a hint of an answer, carrying its state and the tenant Entra named", () => {
    const answer = readConsentAnswer(
      new URLSearchParams(`admin_consent=True&tenant=${TENANT.toUpperCase()}&state=s-9`),
    );
    expect(consentHintOf(answer)).toEqual({
      type: "backup-consent-result",
      state: "s-9",
      outcome: "granted",
      tenant: TENANT,
    });
    expect(consentHintOf(readConsentAnswer(new URLSearchParams("")))).toBeUndefined();
  });

  it("names no tenant in a hint unless a grant names a tenant ID", () => {
    const odd = readConsentAnswer(new URLSearchParams("admin_consent=True&tenant=common&state=s"));
    expect(consentHintOf(odd)).not.toHaveProperty("tenant");
    const declined = readConsentAnswer(
      new URLSearchParams(`error=access_denied&tenant=${TENANT}&state=s`),
    );
    expect(consentHintOf(declined)).not.toHaveProperty("tenant");
  });

  it("reads the granted tenant of a hint, and nothing from anything else", () => {
    const hint = { type: "backup-consent-result", state: "s", outcome: "granted", tenant: TENANT };
    expect(consentedTenantOf(hint)).toBe(TENANT);
    expect(consentedTenantOf({ ...hint, outcome: "failed" })).toBeUndefined();
    expect(consentedTenantOf({ ...hint, tenant: "<b>evil</b>" })).toBeUndefined();
    expect(consentedTenantOf({ ...hint, tenant: 42 })).toBeUndefined();
    expect(consentedTenantOf(null)).toBeUndefined();
    expect(consentedTenantOf("granted")).toBeUndefined();
  });

  it("trusts a hint only with the state this window sent", () => {
    const hint = { type: "backup-consent-result", state: "s-1", outcome: "granted" };
    expect(isTrustedHint(hint, "s-1")).toBe(true);
    expect(isTrustedHint({ ...hint, state: "evil" }, "s-1")).toBe(false);
    expect(isTrustedHint(hint, undefined)).toBe(false);
    expect(isTrustedHint({ ...hint, type: "other" }, "s-1")).toBe(false);
    expect(isTrustedHint("s-1", "s-1")).toBe(false);
    expect(isTrustedHint(null, "s-1")).toBe(false);
  });
});
