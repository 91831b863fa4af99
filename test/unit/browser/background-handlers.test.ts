import "./self-global";
import { webcrypto } from "node:crypto";
import { createDispatcher } from "../../../extension/background/dispatcher";
import { createHandlers, type BackgroundDeps } from "../../../extension/background/handlers";
import type { TenantInfo } from "../../../src/ado/organization";
import { EntraSignIn } from "../../../src/browser/entra-sign-in";
import { BackgroundError, ask } from "../../../src/browser/messages";
import { SignInSettingsStore } from "../../../src/browser/sign-in-settings";
import { TokenCache } from "../../../src/browser/token-cache";
import { FIBER, FIBER_LAST_BACKUP } from "./fabrikam-fiber";
import { fakeBrowser } from "./fake-browser";

const TENANT = "85bdc543-be4e-4cdc-9e52-7592e5333ced";
const ORG = "https://dev.azure.com/fabrikam/";

function setup(tenant: TenantInfo = { kind: "entra", tenantId: TENANT }) {
  const browser = fakeBrowser([
    { id: 7, active: true, url: "https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git" },
    { id: 8, active: false, url: "https://example.com/" },
  ]);
  const tokenFetch = jest.fn(
    async () =>
      new Response(
        JSON.stringify({
          access_token: "at",
          refresh_token: "rt",
          expires_in: 3600,
          id_token: `h.${Buffer.from(JSON.stringify({ oid: "u1", name: "Avery Admin", preferred_username: "avery@fabrikam.example" })).toString("base64url")}.s`,
        }),
        { status: 200 },
      ),
  );
  browser.identity.launchWebAuthFlow.mockImplementation(
    async ({ url }) =>
      `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/?code=c&state=${new URL(url).searchParams.get("state")}`,
  );
  const tenantOf = jest.fn(async () => tenant);
  // Both the extension-data background (extension) and the service one (serviceUrl) while the
  // background moves to the backup service; these tests never reach either.
  const deps = {
    browser,
    settings: new SignInSettingsStore(browser),
    tokens: new TokenCache(browser),
    entra: new EntraSignIn(
      browser,
      tokenFetch as unknown as typeof fetch,
      webcrypto as unknown as Crypto,
    ),
    extension: { publisherId: "ado-backup", extensionId: "backup-enablement" },
    serviceUrl: "https://backup.example.com",
    tenantOf,
    newOpId: () => "op-1",
  } as BackgroundDeps;
  const log = jest.fn();
  const dispatch = createDispatcher(createHandlers(deps), log);
  const send = (m: unknown) => dispatch(m);
  return { browser, dispatch, send, log, tenantOf, tokenFetch, deps };
}

describe("the background's message map", () => {
  test("an unknown message fails fast with an exact message, and is logged once", async () => {
    const { dispatch, log } = setup();
    await expect(dispatch({ type: "deleteEverything", request: {} })).resolves.toEqual({
      ok: false,
      error: { kind: "unknown-message", message: 'Unknown message type: "deleteEverything"' },
    });
    await expect(dispatch("hello")).resolves.toEqual({
      ok: false,
      error: { kind: "unknown-message", message: "Unknown message type: null" },
    });
    await expect(dispatch({ type: "toString" })).resolves.toMatchObject({
      ok: false,
      error: { kind: "unknown-message" },
    });
    expect(log).toHaveBeenCalledTimes(3);
  });

  test("getTabContext reads the active tab, or the tab asked for", async () => {
    const { send } = setup();
    await expect(ask(send, "getTabContext", {})).resolves.toEqual({
      context: { organization: "fabrikam", orgUrl: ORG, project: "Fabrikam Fiber" },
    });
    await expect(ask(send, "getTabContext", { tabId: 8 })).resolves.toEqual({ context: null });
  });

  test("signed out until sign-in; sign-in uses the organization's tenant and keeps the token in session storage", async () => {
    const { send, browser, tenantOf } = setup();
    await expect(ask(send, "getBackupState", { orgUrl: ORG })).resolves.toEqual({
      signIn: { kind: "signed-out" },
    });
    await expect(ask(send, "signIn", { orgUrl: ORG })).resolves.toEqual({
      kind: "signed-in",
      account: { id: "u1", name: "Avery Admin", username: "avery@fabrikam.example" },
    });
    const authorize = new URL(browser.identity.launchWebAuthFlow.mock.calls[0]?.[0].url ?? "");
    expect(authorize.pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
    expect(tenantOf).toHaveBeenCalledTimes(1); // asked once per organization
    await expect(ask(send, "getBackupState", { orgUrl: ORG })).resolves.toMatchObject({
      signIn: { kind: "signed-in" },
    });
    expect(browser.storage.local.set).not.toHaveBeenCalled();
    expect(JSON.stringify([...browser.storage.session.items.values()])).toContain(
      '"accessToken":"at"',
    );

    await expect(ask(send, "signOut", { orgUrl: ORG })).resolves.toEqual({ kind: "signed-out" });
    expect(browser.storage.session.items.size).toBe(0);
  });

  test("tokens are never sent to an address that is not an Azure DevOps organization", async () => {
    const { send, tenantOf } = setup();
    await expect(ask(send, "signIn", { orgUrl: "https://evil.example/fabrikam/" })).rejects.toEqual(
      new BackgroundError(
        "not-azure-devops",
        "https://evil.example/fabrikam/ is not an Azure DevOps organization address.",
      ),
    );
    expect(tenantOf).not.toHaveBeenCalled();
  });

  test("a sign-in for one organization is not used for another of the same tenant", async () => {
    const { send, tokenFetch } = setup();
    await ask(send, "signIn", { orgUrl: ORG });
    await expect(
      ask(send, "getBackupState", { orgUrl: "https://dev.azure.com/contoso/" }),
    ).resolves.toEqual({ signIn: { kind: "signed-out" } });
    expect(tokenFetch).toHaveBeenCalledTimes(1); // the sign-in's own code redemption only
  });

  // A local process can answer as Azure DevOps (connectionData with the victim's tenant): the
  // published extension never takes it for an organization, so it gets no sign-in and no token.
  test("a local address posing as the organization gets neither a sign-in nor a token", async () => {
    const { send, browser, tenantOf } = setup();
    await ask(send, "signIn", { orgUrl: ORG });
    const calls = browser.identity.launchWebAuthFlow.mock.calls.length;
    const local = "http://localhost:8080/fabrikam/";
    for (const [type, request] of [
      ["getBackupState", { orgUrl: local, project: "Web" }],
      ["setProjectProtected", { orgUrl: local, project: "Web", protect: true }],
      ["signIn", { orgUrl: local }],
    ] as const) {
      await expect(ask(send, type, request as never)).rejects.toEqual(
        new BackgroundError(
          "not-azure-devops",
          `${local} is not an Azure DevOps organization address.`,
        ),
      );
    }
    expect(tenantOf).toHaveBeenCalledTimes(1);
    expect(tenantOf).not.toHaveBeenCalledWith(local);
    expect(browser.identity.launchWebAuthFlow).toHaveBeenCalledTimes(calls);
    const tab = { id: 9, active: true, url: `${local}Web` };
    browser.tabs.get.mockResolvedValueOnce(tab as never);
    await expect(ask(send, "getTabContext", { tabId: 9 })).resolves.toEqual({ context: null });
  });

  test("an organization without an Entra tenant is explained, not signed in to", async () => {
    const { send, browser } = setup({ kind: "none" });
    await expect(ask(send, "signIn", { orgUrl: ORG })).rejects.toMatchObject({
      kind: "no-tenant",
      message: expect.stringContaining("not connected to Microsoft Entra ID"),
    });
    expect(browser.identity.launchWebAuthFlow).not.toHaveBeenCalled();
  });

  test("changing the scope while signed out asks to sign in", async () => {
    const { send } = setup();
    await expect(
      ask(send, "setProjectProtected", { orgUrl: ORG, project: "Web", protect: true }),
    ).rejects.toMatchObject({ kind: "signed-out" });
  });

  test("a cancelled sign-in is reported in words", async () => {
    const { send, browser } = setup();
    browser.identity.launchWebAuthFlow.mockRejectedValue(
      new Error("The user did not approve access."),
    );
    await expect(ask(send, "signIn", { orgUrl: ORG })).rejects.toMatchObject({
      kind: "sign-in",
      message: "Sign-in was not completed: The user did not approve access.",
    });
  });

  test("getLastBackup reads the project's last backup from the backup service, with the sign-in", async () => {
    const { send, deps } = setup();
    const last = FIBER_LAST_BACKUP;
    const serviceFetch = jest.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      Response.json({
        backups: [last],
        schedule: { frequency: "daily", hourUtc: 3 },
      }),
    );
    deps.fetch = serviceFetch as unknown as typeof fetch;
    await expect(
      ask(send, "getLastBackup", { orgUrl: ORG, projectId: last.projectId }),
    ).rejects.toMatchObject({ kind: "signed-out" });
    expect(serviceFetch).not.toHaveBeenCalled();

    await ask(send, "signIn", { orgUrl: ORG });
    await expect(
      ask(send, "getLastBackup", { orgUrl: ORG, projectId: last.projectId.toUpperCase() }),
    ).resolves.toEqual({ lastBackup: last });
    const [url, init] = serviceFetch.mock.calls[0] ?? [];
    expect(String(url)).toBe(
      `https://backup.example.com/api/v1/organizations/fabrikam/backups?projectId=${last.projectId.toUpperCase()}`,
    );
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer at");

    serviceFetch.mockResolvedValueOnce(
      Response.json({ backups: [], schedule: { frequency: "off", hourUtc: 3 } }),
    );
    await expect(
      ask(send, "getLastBackup", { orgUrl: ORG, projectId: last.projectId }),
    ).resolves.toEqual({ lastBackup: null });
  });

  test("startBackup backs up the tab's project through the backup service; getBackupRun reads its progress", async () => {
    const { send, deps } = setup();
    const projectId = FIBER.id;
    const serviceFetch = jest.fn(async (url: string | URL | Request, _init?: RequestInit) =>
      String(url).endsWith("/runs")
        ? Response.json(
            { runId: "20301129T101500Z-a1b2c3", alreadyRunning: false },
            { status: 202 },
          )
        : Response.json({ runId: "20301129T101500Z-a1b2c3", status: "running", projects: [] }),
    );
    deps.fetch = serviceFetch as unknown as typeof fetch;
    await expect(ask(send, "startBackup", { orgUrl: ORG, projectId })).rejects.toMatchObject({
      kind: "signed-out",
    });
    expect(serviceFetch).not.toHaveBeenCalled();

    await ask(send, "signIn", { orgUrl: ORG });
    await expect(ask(send, "startBackup", { orgUrl: ORG, projectId })).resolves.toEqual({
      runId: "20301129T101500Z-a1b2c3",
      alreadyRunning: false,
    });
    const [url, init] = serviceFetch.mock.calls[0] ?? [];
    expect(String(url)).toBe("https://backup.example.com/api/v1/organizations/fabrikam/runs");
    expect(init?.method).toBe("POST");
    expect(JSON.parse(String(init?.body))).toEqual({ projectId });
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer at");

    await expect(
      ask(send, "getBackupRun", { orgUrl: ORG, runId: "20301129T101500Z-a1b2c3" }),
    ).resolves.toMatchObject({ status: "running" });
    expect(String(serviceFetch.mock.calls[1]?.[0])).toBe(
      "https://backup.example.com/api/v1/organizations/fabrikam/runs/20301129T101500Z-a1b2c3",
    );
  });

  test("startBackup refused by the service says who may start a backup", async () => {
    const { send, deps } = setup();
    deps.fetch = (async () =>
      Response.json(
        {
          code: "notCollectionAdmin",
          message:
            "Only members of the Project Collection Administrators group of fabrikam can start a backup.",
        },
        { status: 403 },
      )) as unknown as typeof fetch;
    await ask(send, "signIn", { orgUrl: ORG });
    await expect(
      ask(send, "startBackup", { orgUrl: ORG, projectId: FIBER.id }),
    ).rejects.toMatchObject({
      kind: "forbidden",
      message:
        "Only a Project Collection Administrator can start a backup. Only members of the Project Collection Administrators group of fabrikam can start a backup.",
    });
  });
});
