// Issue 8 end to end, on SQLite and on PostgreSQL: a Project Collection Administrator connects the
// organization through the fake Entra (the refresh token never stored in clear), a replayed state
// changes nothing, a revoked refresh token asks for renewal, a non-PCA starts nothing, and admin
// consent is what the service finds in Graph: a user's own consent or a missing permission is not it.
import {
  CUSTOM_APP_ID,
  land,
  startHarness,
  users,
  walkEntra,
  SERVICE_APP_ID,
  type Harness,
} from "./harness";

const TENANT = "85bdc543-be4e-4cdc-9e52-7592e5333ced";
const ADO_SCOPE = "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation";
const GRAPH_SCOPE = "https://graph.microsoft.com/User.Read.All";

describe.each(["sqlite", "postgres"] as const)("identity on %s", (store) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(store);
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  beforeEach(async () => {
    h.emulator.reset();
    h.emulator.entra.reset();
    for (const table of [
      "identity_flow_states",
      "organization_connections",
      "organization_consents",
      "identity_audit",
      "app_profiles",
    ])
      await h.db.execute(`DELETE FROM ${table}`);
  });

  const tenantConsents = (scopes: string[], clientId = SERVICE_APP_ID) =>
    h.emulator.entra.consents.push({
      tenantId: TENANT,
      clientId,
      scopes,
      grantedBy: users.gloria,
      at: new Date().toISOString(),
    });

  /** Starts the connection as Avery and signs in on Entra; answers Entra's redirect. */
  async function signInToConnect(account = users.avery) {
    const started = await h.call(users.avery, "/connection/start");
    expect(started.status).toBe(200);
    const url = new URL(String(started.json.url));
    expect(url.searchParams.get("redirect_uri")).toBe(`${h.serviceUrl}/landing/sign-in`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe(started.json.state);
    return walkEntra(h, url.toString(), account);
  }

  const rawRows = async () =>
    JSON.stringify([
      await h.db.query("SELECT * FROM organization_connections"),
      await h.db.query("SELECT * FROM identity_flow_states"),
      await h.db.query("SELECT * FROM identity_audit"),
    ]);

  test("a PCA connects the organization; the refresh token is stored only sealed, and rotates", async () => {
    tenantConsents([ADO_SCOPE, GRAPH_SCOPE]);
    expect(await h.identity.connectionOf("fabrikam")).toEqual({ status: "notConnected" });

    const page = await land(h, await signInToConnect());
    expect(page.status).toBe(200);
    expect(page.body).toContain("Connected");
    expect(page.body).toContain("You can close this window");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["content-security-policy"]).not.toContain("unsafe");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");

    const connection = await h.identity.connectionOf("Fabrikam");
    expect(connection).toMatchObject({
      status: "connected",
      by: { id: users.avery, displayName: "Avery Admin" },
      account: "avery@fabrikam.onmicrosoft.com",
    });
    expect(h.issuedRefreshTokens.length).toBe(1);
    const rows = await rawRows();
    for (const token of h.issuedRefreshTokens) expect(rows).not.toContain(token);
    expect(rows).toMatch(/"v1\.[0-9a-f]{16}\./);

    const token = await h.identity.acquireOrganizationToken("fabrikam");
    const me = await fetch(`${h.emulator.orgUrl}/_apis/connectionData`, {
      headers: { Authorization: `Bearer ${token.accessToken}` },
    });
    expect(((await me.json()) as { authenticatedUser: { id: string } }).authenticatedUser.id).toBe(
      users.avery,
    );
    expect(h.issuedRefreshTokens.length).toBe(2); // Entra handed out a new one, which was kept
    const after = await rawRows();
    for (const t of h.issuedRefreshTokens) expect(after).not.toContain(t);
    expect(after).not.toBe(rows);
  });

  test("the engine's authorization reuses the access token until the engine asks for a new one", async () => {
    tenantConsents([ADO_SCOPE]);
    expect((await land(h, await signInToConnect())).status).toBe(200);
    const authorization = h.identity.organizationAuthorization("fabrikam");
    const issued = h.issuedRefreshTokens.length;
    const [first, again] = await Promise.all([authorization(false), authorization(false)]);
    expect(first).toMatch(/^Bearer /);
    expect(again).toBe(first);
    expect(h.issuedRefreshTokens.length).toBe(issued + 1); // one redemption for both
    const projects = await fetch(`${h.emulator.orgUrl}/_apis/projects`, {
      headers: { Authorization: first },
    });
    expect(projects.status).toBe(200);
    await authorization(true);
    expect(h.issuedRefreshTokens.length).toBe(issued + 2);
  });

  test("a replayed or unknown state is refused with 400 and changes nothing", async () => {
    tenantConsents([ADO_SCOPE]);
    const redirect = await signInToConnect();
    expect((await land(h, redirect)).status).toBe(200);
    const before = await rawRows();

    const replay = await land(h, redirect);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain("already used");
    const unknown = await h.send("GET", `${h.serviceUrl}/landing/sign-in?code=x&state=forged`);
    expect(unknown.status).toBe(400);
    expect(await rawRows()).toBe(before);
  });

  test("an account that is not a PCA is not connected", async () => {
    tenantConsents([ADO_SCOPE]);
    const page = await land(h, await signInToConnect(users.devon));
    expect(page.status).toBe(403);
    expect(page.body).toContain("is not a Project Collection Administrator");
    expect(await h.identity.connectionOf("fabrikam")).toEqual({ status: "notConnected" });
  });

  test("a revoked refresh token makes the connection need renewal, with a reason", async () => {
    tenantConsents([ADO_SCOPE]);
    expect((await land(h, await signInToConnect())).status).toBe(200);
    expect(h.emulator.entra.revokeRefreshTokens({ userId: users.avery })).toBeGreaterThan(0);

    await expect(h.identity.acquireOrganizationToken("fabrikam")).rejects.toMatchObject({
      code: "connectionRequired",
    });
    const connection = await h.identity.connectionOf("fabrikam");
    expect(connection.status).toBe("renewalNeeded");
    if (connection.status !== "renewalNeeded") return;
    expect(connection.reason).toMatch(/AADSTS50173/);
    expect(connection.reason).toMatch(/must connect the organization again/);
    expect(connection.account).toBe("avery@fabrikam.onmicrosoft.com");
  });

  test("an account that is no longer a PCA makes the connection need renewal", async () => {
    tenantConsents([ADO_SCOPE]);
    expect((await land(h, await signInToConnect())).status).toBe(200);
    const avery = h.emulator.state.user(users.avery);
    if (!avery) throw new Error("the fixture has no Avery");
    const roles = [...avery.roles];
    avery.roles.splice(0, avery.roles.length); // removed from Project Collection Administrators
    try {
      await expect(h.identity.acquireOrganizationToken("fabrikam")).rejects.toMatchObject({
        code: "connectionRequired",
      });
    } finally {
      avery.roles.push(...roles);
    }
    const connection = await h.identity.connectionOf("fabrikam");
    expect(connection).toMatchObject({ status: "renewalNeeded" });
    if (connection.status === "renewalNeeded")
      expect(connection.reason).toMatch(/no longer a Project Collection Administrator/);
  });

  test("someone who is not a PCA can start neither flow (403)", async () => {
    for (const path of ["/connection/start", "/consent/start", "/consent/check"]) {
      const res = await h.call(users.devon, path);
      expect([path, res.status, res.json.code]).toEqual([path, 403, "notCollectionAdmin"]);
    }
    expect(await h.db.query("SELECT * FROM identity_flow_states")).toEqual([]);
  });

  test("with no consent at all, the check says nobody consented", async () => {
    const res = await h.call(users.avery, "/consent/check");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: "notGranted",
      tenantId: TENANT,
      clientId: SERVICE_APP_ID,
    });
    expect(res.json.reason).toMatch(/Nobody in tenant/);
  });

  test("a user's own consent is not admin consent", async () => {
    h.emulator.entra.grantUserConsent({
      tenantId: TENANT,
      clientId: SERVICE_APP_ID,
      userId: users.devon,
      scopes: [ADO_SCOPE, GRAPH_SCOPE],
    });
    const res = await h.call(users.avery, "/consent/check");
    expect(res.json.status).toBe("notGranted");
    expect(res.json.reason).toMatch(/Only individual users consented for themselves/);
    expect(await h.identity.consentOf("fabrikam")).toMatchObject({ status: "notGranted" });
  });

  test("admin consent missing one permission is notGranted, naming it", async () => {
    tenantConsents([ADO_SCOPE]);
    const res = await h.call(users.avery, "/consent/check");
    expect(res.json.status).toBe("notGranted");
    expect(res.json.reason).toMatch(/Not granted: Microsoft Graph User\.Read\.All\./);
    expect(res.json.reason).not.toMatch(/Azure DevOps/);
  });

  test("a Global Administrator's admin consent for both permissions is granted, and its state works once", async () => {
    const started = await h.call(users.avery, "/consent/start", {});
    expect(started.status).toBe(200);
    const url = new URL(String(started.json.url));
    expect(url.pathname).toBe(`/${TENANT}/v2.0/adminconsent`);
    expect(url.searchParams.get("client_id")).toBe(SERVICE_APP_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(`${h.serviceUrl}/landing/consent`);

    const redirect = await walkEntra(h, url.toString(), users.gloria, { accept: true });
    const page = await land(h, redirect);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Admin consent granted");
    expect(await h.identity.consentOf("fabrikam")).toMatchObject({
      status: "granted",
      tenantId: TENANT,
      clientId: SERVICE_APP_ID,
    });
    expect((await land(h, redirect)).status).toBe(400);
    expect((await h.call(users.avery, "/consent/check")).json.status).toBe("granted");
  });

  test("a consent start for another tenant, or a shared endpoint, is refused", async () => {
    const common = await h.call(users.avery, "/consent/start", { tenantId: "common" });
    expect([common.status, common.json.code]).toEqual([400, "badRequest"]);
    expect(await h.db.query("SELECT * FROM identity_flow_states")).toEqual([]);
  });

  test("GET /state shows the connection and the consent the service recorded", async () => {
    tenantConsents([ADO_SCOPE, GRAPH_SCOPE]);
    expect((await land(h, await signInToConnect())).status).toBe(200);
    expect((await h.call(users.avery, "/consent/check")).json.status).toBe("granted");
    const state = await h.call(users.devon, "/state", undefined, "GET");
    expect(state.status).toBe(200);
    expect(state.json.connection).toMatchObject({
      status: "connected",
      account: "avery@fabrikam.onmicrosoft.com",
    });
    expect(state.json.consent).toMatchObject({ status: "granted", clientId: SERVICE_APP_ID });
  });

  test("a declined consent shows Entra's words and the service's own finding", async () => {
    const started = await h.call(users.avery, "/consent/start", {
      tenantId: "fabrikam.onmicrosoft.com",
    });
    expect(started.status).toBe(200);
    const page = await walkEntra(h, String(started.json.url), users.gloria);
    const flow = /name="flow" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const cancel = await h.send(
      "POST",
      `${h.authority}${new URL(String(started.json.url)).pathname}`,
      {
        flow,
        decision: "cancel",
      },
    );
    const landing = await land(h, cancel);
    expect(landing.body).toContain("AADSTS65004");
    expect(landing.body).toContain("Nobody in tenant");
    expect(await h.identity.consentOf("fabrikam")).toMatchObject({ status: "notGranted" });
  });

  test("a custom app's consent is checked for its own client id, through the service app's Graph access", async () => {
    const saved = await h.call(
      users.avery,
      "/app-profile",
      { opId: "op-custom", profile: { kind: "custom", clientId: CUSTOM_APP_ID } },
      "PUT",
    );
    expect(saved.status).toBe(200);
    const started = await h.call(users.avery, "/consent/start", {});
    expect(new URL(String(started.json.url)).searchParams.get("client_id")).toBe(CUSTOM_APP_ID);

    tenantConsents([ADO_SCOPE, GRAPH_SCOPE], CUSTOM_APP_ID);
    const withoutServiceApp = await h.call(users.avery, "/consent/check");
    expect(withoutServiceApp.json).toMatchObject({ status: "notGranted", clientId: CUSTOM_APP_ID });
    expect(withoutServiceApp.json.reason).toMatch(/through the backup service app/);

    tenantConsents([ADO_SCOPE], SERVICE_APP_ID); // the service app is in the tenant too
    expect((await h.call(users.avery, "/consent/check")).json).toMatchObject({
      status: "granted",
      clientId: CUSTOM_APP_ID,
    });
    // Back to the service app: what was found for the custom app says nothing about it.
    await h.call(
      users.avery,
      "/app-profile",
      { opId: "op-service", seenOpId: "op-custom", profile: { kind: "service" } },
      "PUT",
    );
    expect(await h.identity.consentOf("fabrikam")).toEqual({ status: "unknown" });
  });
});
