// The emulated organization's REST API, driven by the real azure-devops-extension-api clients in
// Node: what the product's adapters will see from the emulator is what they would see from Azure DevOps.
import "../reliability/node-globals"; // before the api package: it reads `self` when it loads
import {
  APP_TOKEN_ISSUER,
  APP_TOKEN_LIFETIME_SECONDS,
  AppTokenError,
  DEV_EXTENSION_APP_ID,
  DEV_EXTENSION_KEY,
  verifyAppToken,
  type EmulatorHandle,
  MAX_PROJECTS_TOP,
  DEFAULT_MAX_DOCUMENT_BYTES,
  AREA_AUDIT,
  AREA_CORE,
  AREA_EXTENSION_MANAGEMENT,
  AREA_PACKAGING,
  AREA_RELEASE,
} from "../../emulator/server";
import { createRestClient } from "../../src/ado/rest-clients";
import { EXTENSION_MANAGEMENT_AREA, resourceAreaLocation } from "../../src/ado/resource-areas";
import { AdoTransport } from "../../src/ado/transport";
import { OrganizationService } from "../../src/ado/organization";
import { sequentialRounds } from "../../bench/rounds";
import { DEFAULT_SERVICE_APP } from "../../emulator/server/entra-seam";
import { fixtureFile, startLargeOrganization, startTestEmulator, withEmulator } from "./support";

/** The product's organization service against an emulated organization, with a token of its user. */
function productOrganization(e: EmulatorHandle): OrganizationService {
  const token = e.issueToken();
  const transport = new AdoTransport({ authorizationHeader: async () => `Bearer ${token}` });
  return new OrganizationService(transport, Promise.resolve(`${e.orgUrl}/`));
}

/** The api's typings declare the continuation token a number; the service sends an opaque string. */
const continuation = (token: string | null | undefined): number | undefined =>
  (token ?? undefined) as unknown as number | undefined;

type CoreModule = typeof import("azure-devops-extension-api/Core");
type ExtensionManagementModule = typeof import("azure-devops-extension-api/ExtensionManagement");

const fabrikamUsers = {
  avery: "d4d382d9-a593-46b9-ae7f-8a57eba9eade",
  blake: "b3a60e59-5020-45df-be8e-aac75b7bf539",
  devon: "d9841dbe-5b4e-49e5-b093-d72409dd7e85",
};
const TENANT = "85bdc543-be4e-4cdc-9e52-7592e5333ced";
const EXTENSION = ["ado-backup", "backup-enablement"] as const;
/** The documents shared by the whole organization, the default scope of extension data. */
const DEFAULT_CURRENT = ["Default", "Current"] as const;
/** The documents of the signed-in user alone. */
const USER_ME = ["User", "Me"] as const;

/** The extension, scope and collection that the data client's by-name calls take, in their order. */
const documentsAt = (
  collection: string,
  [scopeType, scopeValue]: readonly [string, string] = DEFAULT_CURRENT,
) => [EXTENSION[0], EXTENSION[1], scopeType, scopeValue, collection] as const;

let emulator: EmulatorHandle;
let Core: CoreModule;
let ExtensionManagement: ExtensionManagementModule;

interface ServerError extends Error {
  status?: number;
  serverError?: { typeKey?: string; message?: string };
}

function tokenProvider(token: string): { getAuthorizationHeader: () => Promise<string> } {
  return { getAuthorizationHeader: async () => `Bearer ${token}` };
}

function clients(e: EmulatorHandle, token: string) {
  const authTokenProvider = tokenProvider(token);
  return {
    core: new Core.CoreRestClient({ rootPath: `${e.orgUrl}/`, authTokenProvider }),
    // Extension data lives on its own host (extmgmt.dev.azure.com/{org} in Azure DevOps Services).
    data: new ExtensionManagement.ExtensionManagementRestClient({
      rootPath: `${e.areaUrls.extmgmt}/`,
      authTokenProvider,
    }),
  };
}

/**
 * Extension data through the product's transport and REST client factory. The product no longer
 * stores anything there (the backup service does), so this small client is the test's own.
 */
function documentsVia(transport: AdoTransport, rootPath: string | Promise<string>) {
  const client = createRestClient(
    ExtensionManagement.ExtensionManagementRestClient,
    transport,
    rootPath,
  );
  return {
    create: (collection: string, doc: { id: string } & Record<string, unknown>) =>
      client.createDocumentByName(doc, ...documentsAt(collection)),
    replace: (collection: string, doc: { id: string } & Record<string, unknown>) =>
      client.updateDocumentByName(doc, ...documentsAt(collection)),
    list: (collection: string) => client.getDocumentsByName(...documentsAt(collection)),
  };
}

async function failure(p: Promise<unknown>): Promise<ServerError> {
  try {
    await p;
  } catch (e) {
    return e as ServerError;
  }
  throw new Error("expected the request to fail");
}

beforeAll(async () => {
  // The api package's fetch polyfill probes `self`; Node has fetch already, so it stays unused.
  (globalThis as { self?: unknown }).self = globalThis;
  Core = await import("azure-devops-extension-api/Core");
  ExtensionManagement = await import("azure-devops-extension-api/ExtensionManagement");
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator?.stop();
});

beforeEach(() => {
  emulator.reset();
});

describe("projects", () => {
  let large: EmulatorHandle;
  beforeAll(async () => {
    large = await startLargeOrganization(7);
  });
  afterAll(async () => {
    await large?.stop();
  });
  beforeEach(() => large.reset());

  test("10,000 projects page by continuation token in exactly 10 requests of 1,000, in name order", async () => {
    const { core } = clients(large, large.issueToken());
    const seen: { id: string; name: string }[] = [];
    let token: string | undefined;
    do {
      const page = await core.getProjects(undefined, 5000, undefined, continuation(token));
      expect(page.length).toBe(MAX_PROJECTS_TOP); // a larger $top is clamped
      seen.push(...page.map((p) => ({ id: p.id, name: p.name })));
      token = page.continuationToken ?? undefined;
    } while (token);
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen.map((p) => p.id)).size).toBe(10_000);
    const names = seen.map((p) => p.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(large.requestLog.filter((r) => r.path.endsWith("/_apis/projects"))).toHaveLength(10);
  });

  test("the continuation token is the next page's integer offset, and $skip is honoured", async () => {
    const { core } = clients(emulator, emulator.issueToken());
    const all = emulator.state.sortedProjects().map((p) => p.name);
    const first = await core.getProjects(undefined, 5);
    expect(first.continuationToken).toBe("5");
    const skipped = await core.getProjects(undefined, 5, 7);
    expect(skipped.map((p) => p.name)).toEqual(all.slice(7, 12));
    expect(skipped.continuationToken).toBe("12");
    const fromToken = await core.getProjects(undefined, 5, 2, continuation("5"));
    expect(fromToken.map((p) => p.name)).toEqual(all.slice(7, 12));
    expect(
      (await failure(core.getProjects(undefined, 5, undefined, continuation("not-a-number"))))
        .status,
    ).toBe(400);
  });

  test("a project deleted between pages makes the next page skip one; one created makes it repeat one", async () => {
    const { core } = clients(emulator, emulator.issueToken());
    const all = emulator.state.sortedProjects().map((p) => p.name);
    const first = await core.getProjects(undefined, 5);
    const deleted = emulator.state.sortedProjects()[2];
    if (!deleted) throw new Error("fixture too small");
    await fetch(`${emulator.hostUrl}/_emulator/projects/${deleted.id}`, { method: "DELETE" });
    const second = await core.getProjects(
      undefined,
      5,
      undefined,
      continuation(first.continuationToken),
    );
    expect(second.map((p) => p.name)).toEqual(all.slice(6, 11)); // all[5] was never listed
    await fetch(`${emulator.hostUrl}/_emulator/projects`, {
      method: "POST",
      body: JSON.stringify({ name: "!first of all" }),
    });
    const third = await core.getProjects(
      undefined,
      5,
      undefined,
      continuation(second.continuationToken),
    );
    expect(third[0]?.name).toBe(all[10]); // listed again
  });

  test("the product lists 10,000 projects in two sequential rounds of at most 10 requests, once each", async () => {
    const organization = productOrganization(large);
    large.setFaults({ latencyMs: 40 }); // a round trip's latency, so parallel requests overlap
    large.clearRequestLog();
    const pages: number[] = [];
    const listed = await organization.listProjects((page) => pages.push(page.loaded));
    expect(listed).toHaveLength(10_000);
    expect(new Set(listed.map((p) => p.id)).size).toBe(10_000);
    const requests = large.requestLog.filter((r) => r.path.endsWith("/_apis/projects"));
    expect(requests).toHaveLength(10);
    expect(
      sequentialRounds(requests.map((r) => ({ startedAt: r.startedAt, endedAt: r.endedAt }))),
    ).toBeLessThanOrEqual(2);
    expect(pages[pages.length - 1]).toBe(10_000);
  });

  test("the product keeps each project once while projects are created and deleted between pages", async () => {
    const organization = productOrganization(large);
    large.settings.projectsChurn = { create: 3, remove: 0 }; // every later page repeats some
    try {
      const listed = await organization.listProjects();
      expect(new Set(listed.map((p) => p.id)).size).toBe(listed.length);
      expect(listed.length).toBeGreaterThanOrEqual(10_000);
    } finally {
      large.settings.projectsChurn = { create: 0, remove: 0 };
    }
  });

  test("one project by id or name; a missing one is 404", async () => {
    const { core } = clients(emulator, emulator.issueToken());
    const p = await core.getProject("Mobile App");
    expect(p.name).toBe("Mobile App");
    expect((await core.getProject(p.id)).name).toBe("Mobile App");
    expect((await failure(core.getProject("No Such Project"))).status).toBe(404);
  });
});

describe("resource areas on their own hosts", () => {
  const areaOf = async (base: string, id: string) =>
    (await (await fetch(`${base}/_apis/resourceAreas/${id}`)).json()) as {
      id: string;
      locationUrl: string;
    };

  test("resourceAreas names each area's host without credentials; each host answers only its own areas", async () => {
    const expected: [string, string][] = [
      [AREA_CORE, `${emulator.orgUrl}/`],
      [AREA_EXTENSION_MANAGEMENT, `${emulator.areaUrls.extmgmt}/`],
      [AREA_RELEASE, `${emulator.areaUrls.vsrm}/`],
      [AREA_PACKAGING, `${emulator.areaUrls.feeds}/`],
      ["4c83cfc1-f33a-477e-a789-29d38ffca52e", `${emulator.areaUrls.pkgs}/`], // npm
      [AREA_AUDIT, `${emulator.areaUrls.auditservice}/`],
    ];
    for (const [id, locationUrl] of expected) {
      expect((await areaOf(emulator.orgUrl, id)).locationUrl).toBe(locationUrl);
      // Any host answers the lookup alike.
      expect((await areaOf(emulator.areaUrls.extmgmt, id)).locationUrl).toBe(locationUrl);
    }
    const origins = new Set(expected.map(([, url]) => new URL(url).origin));
    expect(origins.size).toBe(expected.length);

    const token = emulator.issueToken();
    const documents = (base: string) =>
      fetch(
        `${base}/_apis/ExtensionManagement/InstalledExtensions/a/b/Data/Scopes/Default/Current/Collections/c/Documents`,
        { method: "POST", body: "{}", headers: { Authorization: `Bearer ${token}` } },
      );
    expect((await documents(emulator.orgUrl)).status).toBe(404);
    expect((await documents(emulator.areaUrls.vsrm)).status).toBe(404);
    expect((await documents(emulator.areaUrls.extmgmt)).status).toBe(201);
    const projects = (base: string) =>
      fetch(`${base}/_apis/projects`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await projects(emulator.areaUrls.extmgmt)).status).toBe(404);
    expect((await projects(emulator.orgUrl)).status).toBe(200);
  });

  test("CORS on a separate host as on the main one, for the extension's frame and the host page", async () => {
    for (const origin of [emulator.extensionUrl, emulator.hostUrl]) {
      const preflight = await fetch(
        `${emulator.areaUrls.extmgmt}/_apis/ExtensionManagement/InstalledExtensions/a/b/Data/Scopes/Default/Current/Collections/c/Documents`,
        {
          method: "OPTIONS",
          headers: {
            Origin: origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,content-type",
          },
        },
      );
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    }
  });

  test("extension data is found on the extmgmt host through resourceAreas", async () => {
    const token = emulator.issueToken();
    const transport = new AdoTransport({ authorizationHeader: async () => `Bearer ${token}` });
    const located = documentsVia(
      transport,
      resourceAreaLocation(transport, `${emulator.orgUrl}/`, EXTENSION_MANAGEMENT_AREA),
    );
    const created = (await located.create("scopes", { id: "located" })) as { __etag: number };
    expect(created.__etag).toBe(1);
    expect(emulator.requestLog.find((e) => e.method === "POST")?.origin).toBe("extmgmt");
    // Extension data at the organization's URL: Azure DevOps answers 404.
    const atOrgUrl = documentsVia(transport, `${emulator.orgUrl}/`);
    await expect(atOrgUrl.create("scopes", { id: "misplaced" })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("extension data documents", () => {
  const [publisher, extension] = EXTENSION;
  /** A collection's documents over plain HTTP; scope is "Type/Value", as in the path. */
  const documentsUrl = (scope: string, collection: string) =>
    `${emulator.areaUrls.extmgmt}/_apis/ExtensionManagement/InstalledExtensions/${publisher}/${extension}/Data/Scopes/${scope}/Collections/${collection}/Documents`;

  /** Runs `use` while the emulator keeps documents of at most `bytes`, then its default again. */
  const withMaxDocumentBytes = async (bytes: number, use: () => Promise<void>) => {
    emulator.settings.maxDocumentBytes = bytes;
    try {
      await use();
    } finally {
      emulator.settings.maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
    }
  };

  test("a write with a stale __etag is refused with 400 InvalidDocumentVersionException; __etag -1 overwrites", async () => {
    const { data } = clients(emulator, emulator.issueToken(fabrikamUsers.avery));
    const { data: other } = clients(emulator, emulator.issueToken(fabrikamUsers.blake));
    const created = await data.createDocumentByName(
      { id: "scope", projects: [] },
      ...documentsAt("scopes"),
    );
    expect(created.__etag).toBe(1);
    const updated = await other.updateDocumentByName(
      { ...created, projects: ["a"] },
      ...documentsAt("scopes"),
    );
    expect(updated.__etag).toBe(2);

    const stale = await failure(
      data.setDocumentByName({ ...created, projects: ["b"] }, ...documentsAt("scopes")),
    );
    expect(stale.status).toBe(400);
    expect(stale.serverError?.typeKey).toBe("InvalidDocumentVersionException");

    const forced = await data.setDocumentByName(
      { id: "scope", projects: ["c"], __etag: -1 },
      ...documentsAt("scopes"),
    );
    expect(forced.__etag).toBe(3);
    expect((await other.getDocumentByName(...documentsAt("scopes"), "scope")).projects).toEqual([
      "c",
    ]);
  });

  test("create answers 201 and refuses an existing id with 400; missing documents and emptied collections are 404; lists are bare arrays", async () => {
    const { data } = clients(emulator, emulator.issueToken());
    expect((await failure(data.getDocumentsByName(...documentsAt("audit")))).status).toBe(404);
    const a = await data.createDocumentByName({ text: "generated id" }, ...documentsAt("audit"));
    expect(typeof a.id).toBe("string");
    const exists = await failure(data.createDocumentByName({ id: a.id }, ...documentsAt("audit")));
    expect(exists.status).toBe(400);
    expect(exists.serverError?.typeKey).toBe("DocumentExistsException");
    expect(
      (await failure(data.updateDocumentByName({ id: "nope", __etag: 1 }, ...documentsAt("audit"))))
        .status,
    ).toBe(404);
    const list = await data.getDocumentsByName(...documentsAt("audit"));
    expect(list).toEqual([a]);
    await data.deleteDocumentByName(...documentsAt("audit"), a.id);
    expect((await failure(data.getDocumentByName(...documentsAt("audit"), a.id))).status).toBe(404);
    // The collection went with its last document.
    expect((await failure(data.getDocumentsByName(...documentsAt("audit")))).status).toBe(404);
  });

  test("create over plain HTTP answers 201; only Default/Current and User/Me scopes; __ properties other than __etag are dropped", async () => {
    const token = emulator.issueToken();
    const post = (scope: string, body: unknown) =>
      fetch(documentsUrl(scope, "misc"), {
        method: "POST",
        body: JSON.stringify(body),
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      });
    const created = await post("Default/Current", { id: "d", __hidden: 1, _kept: 2, value: 3 });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as Record<string, unknown>;
    expect(doc).toEqual({ id: "d", _kept: 2, value: 3, __etag: 1 });
    expect((await post("User/Me", { id: "u" })).status).toBe(201);
    for (const scope of ["Default/Other", "Project/Current", "User/someone-else"])
      expect((await post(scope, { id: "x" })).status).toBe(400);
  });

  test("User/Me documents belong to each user", async () => {
    const { data: avery } = clients(emulator, emulator.issueToken(fabrikamUsers.avery));
    const { data: devon } = clients(emulator, emulator.issueToken(fabrikamUsers.devon));
    await avery.setDocumentByName(
      { id: "prefs", theme: "dark" },
      ...documentsAt("settings", USER_ME),
    );
    expect(
      (await failure(devon.getDocumentByName(...documentsAt("settings", USER_ME), "prefs"))).status,
    ).toBe(404);
  });

  test("documents up to about 5 MB are kept; a larger one is refused with 500 MaximumDocumentSizeException", async () => {
    const { data } = clients(emulator, emulator.issueToken());
    const large = await data.createDocumentByName(
      { id: "large", blob: "x".repeat(4_500_000) },
      ...documentsAt("scopes"),
    );
    expect(large.__etag).toBe(1);
    const huge = await failure(
      data.createDocumentByName(
        { id: "huge", blob: "x".repeat(5_500_000) },
        ...documentsAt("scopes"),
      ),
    );
    expect(huge.status).toBe(500);
    expect(huge.serverError?.typeKey).toBe("MaximumDocumentSizeException");
    await withMaxDocumentBytes(1000, async () => {
      const { data } = clients(emulator, emulator.issueToken());
      const tooBig = await failure(
        data.createDocumentByName({ id: "big", blob: "x".repeat(2000) }, ...documentsAt("scopes")),
      );
      expect(tooBig.status).toBe(500);
      expect(tooBig.message).toMatch(/largest document accepted is 1000 bytes/);
    });
  });

  test("the product's transport sees the service's typed errors, and does not retry a permanent one", async () => {
    const token = emulator.issueToken();
    const transport = new AdoTransport({
      authorizationHeader: async () => `Bearer ${token}`,
      baseDelayMs: 1,
    });
    const documents = documentsVia(transport, `${emulator.areaUrls.extmgmt}/`);
    const first = (await documents.create("typed", { id: "scope", n: 1 })) as {
      id: string;
      __etag: number;
    };
    await expect(documents.create("typed", { id: "scope" })).rejects.toMatchObject({
      status: 400,
      typeKey: "DocumentExistsException",
    });
    await documents.replace("typed", { ...first, n: 2 });
    await expect(documents.replace("typed", { ...first, n: 3 })).rejects.toMatchObject({
      status: 400,
      typeKey: "InvalidDocumentVersionException",
    });
    await withMaxDocumentBytes(1000, async () => {
      const before = transport.stats.requests;
      await expect(
        documents.create("typed", { id: "big", blob: "x".repeat(2000) }),
      ).rejects.toMatchObject({ status: 500, typeKey: "MaximumDocumentSizeException" });
      expect(transport.stats.requests - before).toBe(1);
    });
    // The collection emptied of its last document is gone: 404 (the service's import reads it as empty).
    await fetch(`${documentsUrl("Default/Current", "typed")}/scope`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    await expect(documents.list("typed")).rejects.toMatchObject({ status: 404 });
  });
});

describe("authentication", () => {
  /** A token of the current user from the control API (POST /_emulator/token), as the host asks. */
  const controlApiToken = async (kind: "access" | "app"): Promise<string> => {
    const answer = await fetch(`${emulator.hostUrl}/_emulator/token`, {
      method: "POST",
      body: JSON.stringify({ kind }),
    });
    return ((await answer.json()) as { token: string }).token;
  };

  test("no token, an unknown token, an expired or revoked token: 401", async () => {
    const url = `${emulator.orgUrl}/_apis/projects`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { typeKey: string }).typeKey).toBe(
      "UnauthorizedRequestException",
    );
    expect(none.headers.get("www-authenticate")).toContain(`${emulator.entraUrl}/${TENANT}`);
    expect((await fetch(url, { headers: { Authorization: "Bearer made-up" } })).status).toBe(401);
    const expired = emulator.issueToken(undefined, 0);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${expired}` } })).status).toBe(
      401,
    );
    const revoked = emulator.issueToken();
    expect((await fetch(url, { headers: { Authorization: `Bearer ${revoked}` } })).status).toBe(
      200,
    );
    emulator.revokeTokens();
    expect((await fetch(url, { headers: { Authorization: `Bearer ${revoked}` } })).status).toBe(
      401,
    );
  });

  test("the control API's token works with the real client", async () => {
    const token = await controlApiToken("access");
    const { core } = clients(emulator, token);
    expect((await core.getProjects()).length).toBeGreaterThan(10);
  });

  test("an app token is an HS256 JWT signed with the extension's key, naming the user, and the REST API refuses it", async () => {
    emulator.setCurrentUser(fabrikamUsers.blake);
    const token = await controlApiToken("app");
    const claims = verifyAppToken(token, { key: DEV_EXTENSION_KEY });
    expect(claims).toMatchObject({
      nameid: fabrikamUsers.blake,
      tid: TENANT,
      iss: APP_TOKEN_ISSUER,
      aud: DEV_EXTENSION_APP_ID,
    });
    expect(claims.exp - claims.nbf).toBe(APP_TOKEN_LIFETIME_SECONDS);
    expect(() => verifyAppToken(token, { key: "another extension's key" })).toThrow(AppTokenError);
    const res = await fetch(`${emulator.orgUrl}/_apis/projects`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
  });

  test("an Entra access token for Azure DevOps is accepted once the tenant consented", async () => {
    const scopes = ["499b84ac-1321-427f-aa17-267ca6975798/user_impersonation"];
    emulator.entra.consents.push({
      tenantId: TENANT,
      clientId: DEFAULT_SERVICE_APP.clientId,
      scopes,
      grantedBy: "fe1f8698-d9ab-47ef-96a8-4e1c225c1976",
      at: new Date().toISOString(),
    });
    const issued = emulator.entra.issueTokenFor({
      userId: fabrikamUsers.devon,
      clientId: DEFAULT_SERVICE_APP.clientId,
      scopes,
    });
    if (!issued.ok) throw new Error(issued.description);
    const res = await fetch(`${emulator.orgUrl}/_apis/connectionData`, {
      headers: { Authorization: `Bearer ${issued.accessToken}` },
    });
    expect(((await res.json()) as { authenticatedUser: { id: string } }).authenticatedUser.id).toBe(
      fabrikamUsers.devon,
    );
    const { core } = clients(emulator, issued.accessToken);
    expect((await core.getProjects()).length).toBeGreaterThan(10);
  });
});

describe("nested app auth needs a single-page app with Azure DevOps' redirect URI", () => {
  const MSAL_POPUP = "https://dev.azure.com/_public/_MsalPopup";
  const naa = async (e: EmulatorHandle, clientId: string) => {
    const res = await fetch(`${e.hostUrl}/_emulator/naa/token`, {
      method: "POST",
      body: JSON.stringify({
        clientId,
        scopes: ["499b84ac-1321-427f-aa17-267ca6975798/user_impersonation"],
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };

  test("registered as a SPA: Entra's usual answers; not registered or registered on the Web platform: AADSTS50011 / AADSTS9002326", async () => {
    const fixture = fixtureFile("fabrikam.json");
    fixture.entraApps = [
      {
        clientId: "11111111-1111-4111-8111-111111111111",
        displayName: "SPA",
        spaRedirectUris: [MSAL_POPUP],
      },
      { clientId: "22222222-2222-4222-8222-222222222222", displayName: "No redirect URI" },
      {
        clientId: "33333333-3333-4333-8333-333333333333",
        displayName: "Web platform",
        redirectUris: [MSAL_POPUP],
      },
    ];
    await withEmulator({ fixture }, async (e) => {
      // No admin consent yet: Entra's consent question, not a registration problem.
      expect((await naa(e, "11111111-1111-4111-8111-111111111111")).body.suberror ?? "").toMatch(
        /consent_required/,
      );
      const missing = await naa(e, "22222222-2222-4222-8222-222222222222");
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ error: "invalid_request" });
      expect(missing.body.error_description).toMatch(
        /^AADSTS50011: The redirect URI 'https:\/\/dev\.azure\.com\/_public\/_MsalPopup'/,
      );
      const web = await naa(e, "33333333-3333-4333-8333-333333333333");
      expect(web.status).toBe(400);
      expect(web.body.error_description).toMatch(
        /^AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type/,
      );
      // An app Entra does not know at all is still AADSTS700016.
      expect((await naa(e, "44444444-4444-4444-8444-444444444444")).body.error_description).toMatch(
        /AADSTS700016/,
      );
    });
  });
});

describe("permissions and graph", () => {
  test("a Project Collection Administrator has GENERIC_WRITE on the collection; a developer has not", async () => {
    const ask = async (userId: string) => {
      const res = await fetch(
        `${emulator.orgUrl}/_apis/permissions/3e65f728-f8bc-4ecd-8764-7e378b19bfa7/2?tokens=NAMESPACE`,
        {
          headers: {
            Authorization: `Bearer ${emulator.issueToken(userId)}`,
            Accept: "application/json;api-version=7.1;noArrayWrap=true",
          },
        },
      );
      return res.json();
    };
    expect(await ask(fabrikamUsers.avery)).toEqual([true]);
    expect(await ask(fabrikamUsers.devon)).toEqual([false]);
    const batch = await fetch(`${emulator.orgUrl}/_apis/security/permissionevaluationbatch`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${emulator.issueToken(fabrikamUsers.devon)}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        alwaysAllowAdministrators: false,
        evaluations: [
          {
            securityNamespaceId: "3e65f728-f8bc-4ecd-8764-7e378b19bfa7",
            token: "NAMESPACE",
            permissions: 1,
          },
          {
            securityNamespaceId: "3e65f728-f8bc-4ecd-8764-7e378b19bfa7",
            token: "NAMESPACE",
            permissions: 2,
          },
        ],
      }),
    });
    expect(
      ((await batch.json()) as { evaluations: { value: boolean }[] }).evaluations.map(
        (e) => e.value,
      ),
    ).toEqual([true, false]);
  });

  test("the check evaluates its token, bit and alwaysAllowAdministrators: a wrong token or bit is false, no bit is 400", async () => {
    const ask = async (userId: string, bitsAndQuery: string) => {
      const res = await fetch(
        `${emulator.orgUrl}/_apis/permissions/3e65f728-f8bc-4ecd-8764-7e378b19bfa7/${bitsAndQuery}`,
        {
          headers: {
            Authorization: `Bearer ${emulator.issueToken(userId)}`,
            Accept: "application/json;api-version=7.1;noArrayWrap=true",
          },
        },
      );
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const pca = fabrikamUsers.avery;
    const dev = fabrikamUsers.devon;
    // The namespace's root, with or without its trailing separator, or no token at all.
    expect((await ask(pca, "2?tokens=NAMESPACE:")).body).toEqual([true]);
    expect((await ask(pca, "2")).body).toEqual([true]);
    // A token outside the namespace's root has no ACL.
    expect(
      (await ask(pca, "2?tokens=$PROJECT:vstfs:///Classification/TeamProject/x")).body,
    ).toEqual([false]);
    expect((await ask(pca, "2?tokens=NAMESPACE,elsewhere")).body).toEqual([true, false]);
    // …unless administrators are always allowed, and only for administrators.
    expect((await ask(pca, "2?tokens=elsewhere&alwaysAllowAdministrators=true")).body).toEqual([
      true,
    ]);
    expect((await ask(dev, "2?tokens=elsewhere&alwaysAllowAdministrators=true")).body).toEqual([
      false,
    ]);
    // A bit the namespace does not define is never granted; no bit at all is a bad request.
    expect((await ask(pca, "1024?tokens=NAMESPACE")).body).toEqual([false]);
    expect((await ask(pca, "0?tokens=NAMESPACE")).status).toBe(400);
    // Another namespace is not the Collection's.
    const other = await fetch(
      `${emulator.orgUrl}/_apis/permissions/52d39943-cb85-4d7f-8fa8-c6baac873819/2?tokens=NAMESPACE`,
      {
        headers: {
          Authorization: `Bearer ${emulator.issueToken(pca)}`,
          Accept: "application/json;api-version=7.1;noArrayWrap=true",
        },
      },
    );
    expect(await other.json()).toEqual([false]);
  });

  test("the product's PCA check: true for an administrator, false for a developer", async () => {
    const check = (userId: string) => {
      const token = emulator.issueToken(userId);
      return new OrganizationService(
        new AdoTransport({ authorizationHeader: async () => `Bearer ${token}` }),
        Promise.resolve(`${emulator.orgUrl}/`),
      ).isCollectionAdmin();
    };
    await expect(check(fabrikamUsers.avery)).resolves.toBe(true);
    await expect(check(fabrikamUsers.devon)).resolves.toBe(false);
  });

  test("memberships up from an administrator include Project Collection Administrators", async () => {
    const auth = { Authorization: `Bearer ${emulator.issueToken()}` };
    const groups = (await (
      await fetch(`${emulator.orgUrl}/_apis/graph/groups`, { headers: auth })
    ).json()) as { value: { displayName: string; descriptor: string }[] };
    const pca = groups.value.find((g) => g.displayName === "Project Collection Administrators");
    const avery = emulator.state.user(fabrikamUsers.avery);
    const devon = emulator.state.user(fabrikamUsers.devon);
    const up = async (descriptor: string) =>
      (
        (await (
          await fetch(`${emulator.orgUrl}/_apis/graph/memberships/${descriptor}?direction=up`, {
            headers: auth,
          })
        ).json()) as { value: { containerDescriptor: string }[] }
      ).value.map((m) => m.containerDescriptor);
    expect(await up(avery?.descriptor ?? "")).toContain(pca?.descriptor);
    expect(await up(devon?.descriptor ?? "")).not.toContain(pca?.descriptor);
  });
});

describe("what every organization answer carries", () => {
  test("connectionData names the tenant in X-VSS-ResourceTenant, without authentication", async () => {
    const res = await fetch(`${emulator.orgUrl}/_apis/connectionData`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-vss-resourcetenant")).toBe(TENANT);
    expect(((await res.json()) as { instanceId: string }).instanceId).toBe(
      emulator.organization.id,
    );
  });

  test("an organization backed by Microsoft accounts answers the all-zero tenant", async () => {
    await withEmulator({ fixture: fixtureFile("contoso-msa.json") }, async (msa) => {
      const res = await fetch(`${msa.orgUrl}/_apis/connectionData`);
      expect(res.headers.get("x-vss-resourcetenant")).toBe("00000000-0000-0000-0000-000000000000");
    });
  });

  test("CORS: the extension origin's preflight is answered, and the tenant header is exposed unless switched off", async () => {
    const preflight = await fetch(
      `${emulator.orgUrl}/_apis/ExtensionManagement/InstalledExtensions/a/b/Data/Scopes/Default/Current/Collections/c/Documents`,
      {
        method: "OPTIONS",
        headers: {
          Origin: emulator.extensionUrl,
          "Access-Control-Request-Method": "PATCH",
          "Access-Control-Request-Headers":
            "authorization,content-type,x-vss-reauthenticationaction,x-tfs-fedauthredirect",
        },
      },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(emulator.extensionUrl);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toBe(
      "authorization, content-type, x-vss-reauthenticationaction, x-tfs-fedauthredirect",
    );

    const foreign = await fetch(`${emulator.orgUrl}/_apis/connectionData`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();

    const exposed = async () =>
      (
        await fetch(`${emulator.orgUrl}/_apis/connectionData`, {
          headers: { Origin: emulator.extensionUrl },
        })
      ).headers.get("access-control-expose-headers") ?? "";
    expect(await exposed()).toMatch(/X-VSS-ResourceTenant/);
    expect(await exposed()).toMatch(/x-ms-continuationtoken/);
    emulator.settings.exposeResourceTenant = false;
    try {
      expect(await exposed()).not.toMatch(/X-VSS-ResourceTenant/);
    } finally {
      emulator.settings.exposeResourceTenant = true;
    }
  });
});

/**
 * fetch as a cross-origin frame at `origin` sees it: the answer's headers are only those CORS
 * exposes (and the safelisted ones), and an answer without the origin allowed is a network error.
 */
function fetchAsFrame(origin: string): typeof fetch {
  const safelisted = new Set([
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
  ]);
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("Origin", origin);
    const answer = await fetch(input, { ...init, headers });
    if (answer.headers.get("access-control-allow-origin") !== origin)
      throw new TypeError("Failed to fetch (CORS)");
    const exposed = new Set(
      (answer.headers.get("access-control-expose-headers") ?? "")
        .split(",")
        .map((h) => h.trim().toLowerCase()),
    );
    const visible = new Headers();
    answer.headers.forEach((value, name) => {
      if (exposed.has(name) || safelisted.has(name)) visible.set(name, value);
    });
    return new Response(answer.body, { status: answer.status, headers: visible });
  };
}

describe("the organization's tenant, as the product reads it", () => {
  const ZERO = "00000000-0000-0000-0000-000000000000";
  const tenantAsFrame = (e: EmulatorHandle, token: string | undefined) =>
    new OrganizationService(
      new AdoTransport({
        authorizationHeader: async () => (token ? `Bearer ${token}` : ""),
        fetch: fetchAsFrame(e.extensionUrl),
      }),
      Promise.resolve(`${e.orgUrl}/`),
    ).tenant();
  /** Runs `use` against the organization of a fixture file with these changes. */
  const withChanged = <T>(
    changes: { resourceTenantHeader?: string; exposeResourceTenant?: boolean },
    use: (e: EmulatorHandle) => Promise<T>,
    file = "fabrikam.json",
  ): Promise<T> => {
    const fixture = fixtureFile(file);
    Object.assign(fixture.organization, changes);
    return withEmulator({ fixture }, use);
  };

  test("several tenants in X-VSS-ResourceTenant: the first that is not all zeros", async () => {
    await withChanged({ resourceTenantHeader: `${ZERO}, ${TENANT}` }, async (e) => {
      const res = await fetch(`${e.orgUrl}/_apis/connectionData`);
      expect(res.headers.get("x-vss-resourcetenant")).toBe(`${ZERO}, ${TENANT}`);
      await expect(tenantAsFrame(e, undefined)).resolves.toEqual({
        kind: "entra",
        tenantId: TENANT,
      });
    });
  });

  test("a header CORS does not expose: the tenant comes from connectionData's identity descriptor", async () => {
    const hidden = { exposeResourceTenant: false };
    await withChanged(hidden, async (e) => {
      await expect(tenantAsFrame(e, e.issueToken())).resolves.toEqual({
        kind: "entra",
        tenantId: TENANT,
      });
      // Anonymous, the descriptor names no one: the admin is asked.
      await expect(tenantAsFrame(e, undefined)).resolves.toEqual({ kind: "unknown" });
    });
    await withChanged(
      hidden,
      async (msa) => {
        await expect(tenantAsFrame(msa, msa.issueToken())).resolves.toEqual({ kind: "none" });
      },
      "contoso-msa.json",
    );
  });
});

/** The organization's first project, asked with a token: the request the fault and rate-limit tests repeat. */
const firstProjectAs = (token: string) =>
  fetch(`${emulator.orgUrl}/_apis/projects?$top=1`, {
    headers: { Authorization: `Bearer ${token}` },
  });

describe("fault injection", () => {
  test("429 with Retry-After for the next request, then normal service", async () => {
    const token = emulator.issueToken();
    emulator.setFaults({ next429: 1, retryAfterSeconds: 7 });
    const throttled = await firstProjectAs(token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.headers.get("x-ratelimit-limit")).toBe("200");
    expect((await firstProjectAs(token)).status).toBe(200);
    expect(emulator.requestLog.map((r) => [r.status, r.fault ?? null])).toEqual([
      [429, "429"],
      [200, null],
    ]);
  });

  test("the same seed gives the same faults", async () => {
    const token = emulator.issueToken();
    const run = async (): Promise<number[]> => {
      emulator.setFaults({ seed: 42, rate429: 0.3, rate5xx: 0.2 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await firstProjectAs(token)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
  });

  test("a dropped connection gets no answer; latency shows in the request log", async () => {
    const token = emulator.issueToken();
    emulator.setFaults({ nextDrop: 1 });
    await expect(firstProjectAs(token)).rejects.toThrow();
    emulator.setFaults({ latencyMs: 60, pathPattern: "/_apis/projects$" });
    await firstProjectAs(token);
    const [dropped, slow] = emulator.requestLog;
    expect(dropped).toMatchObject({ status: 0, fault: "drop" });
    expect(slow).toMatchObject({ status: 200, fault: "latency" });
    expect((slow?.endedAt ?? 0) - (slow?.startedAt ?? 0)).toBeGreaterThanOrEqual(55);
  });

  test("Retry-After can come on a 200", async () => {
    emulator.setFaults({ retryAfterOn200: 3 });
    const res = await firstProjectAs(emulator.issueToken());
    expect(res.status).toBe(200);
    expect(res.headers.get("retry-after")).toBe("3");
  });
});

describe("rate limits, as Azure DevOps reports them", () => {
  /** Enforces a limit of `limit` requests: past it a request is held `delayMs`, past `blockAbove` refused. */
  const enforceRateLimit = (limits: { limit: number; delayMs: number; blockAbove: number }) => {
    emulator.settings.rateLimit = { ...emulator.settings.rateLimit, ...limits, enforce: true };
  };

  test("X-RateLimit-* only near the limit; past it a request is held and says so in X-RateLimit-Delay; past more, 429 with Retry-After", async () => {
    enforceRateLimit({ limit: 5, delayMs: 150, blockAbove: 7 });
    const token = emulator.issueToken();
    const answers: {
      status: number;
      delay: string | null;
      remaining: string | null;
      ms: number;
    }[] = [];
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      const res = await firstProjectAs(token);
      await res.arrayBuffer();
      answers.push({
        status: res.status,
        delay: res.headers.get("x-ratelimit-delay"),
        remaining: res.headers.get("x-ratelimit-remaining"),
        ms: performance.now() - started,
      });
      if (i === 7) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Far from the limit: no rate-limit headers at all.
    expect(answers.slice(0, 3).map((a) => [a.delay, a.remaining])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    // Near it: how much is left, still no delay.
    expect(answers.slice(3, 5).map((a) => [a.delay, a.remaining])).toEqual([
      [null, "1"],
      [null, "0"],
    ]);
    // Past it: held, then answered, with the delay that was served.
    for (const a of answers.slice(5, 7)) {
      expect(a).toMatchObject({ status: 200, delay: "0.150", remaining: "0" });
      expect(a.ms).toBeGreaterThanOrEqual(140);
    }
    expect(answers[7]?.status).toBe(429);
  });

  test("the product's transport does not wait again for a delay the server already served, but honours Retry-After on a 200", async () => {
    enforceRateLimit({ limit: 1, delayMs: 100, blockAbove: 100 });
    const token = emulator.issueToken();
    const waited: number[] = [];
    const transport = new AdoTransport({
      authorizationHeader: async () => `Bearer ${token}`,
      sleep: async (ms) => {
        waited.push(ms);
      },
    });
    for (let i = 0; i < 4; i++) await transport.request(`${emulator.orgUrl}/_apis/projects?$top=1`);
    expect(transport.stats.serverDelayedMs).toBe(300); // three requests held 100 ms each
    expect(waited).toEqual([]);
    expect(transport.stats.throttledMs).toBe(0);

    emulator.setFaults({ retryAfterOn200: 2 });
    await transport.request(`${emulator.orgUrl}/_apis/projects?$top=1`);
    await transport.request(`${emulator.orgUrl}/_apis/projects?$top=1`);
    expect(waited.length).toBe(1);
    expect(waited[0]).toBeGreaterThan(1000);
  });
});

describe("host page and control API", () => {
  test("a project name cannot break out of the boot data", async () => {
    const nasty = `</script><script>alert("x")</script><!--`;
    const p = emulator.state.sortedProjects()[0];
    if (!p) throw new Error("no projects");
    await fetch(`${emulator.hostUrl}/_emulator/projects/${p.id}`, {
      method: "POST",
      body: JSON.stringify({ name: nasty }),
    });
    const res = await fetch(`${emulator.orgUrl}/${p.id}`);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toContain("<script>alert");
    const json =
      /<script type="application\/json" id="emulator-boot">(.*?)<\/script>/s.exec(html)?.[1] ?? "";
    const boot = JSON.parse(json) as { route: { kind: string; project: { name: string } } };
    expect(boot.route).toMatchObject({ kind: "project", project: { name: nasty } });
  });

  test("/ leads to the organization's Backup hub; the packaged hub is served from the extension origin", async () => {
    const root = await fetch(`${emulator.hostUrl}/`, { redirect: "manual" });
    expect(root.headers.get("location")).toBe("/fabrikam/_settings/backup-hub");
    const html = await (await fetch(`${emulator.orgUrl}/_settings/backup-hub`)).text();
    const boot = JSON.parse(/id="emulator-boot">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}") as {
      extension: { baseUri: string };
      contributions: { id: string; properties: { uri?: string } }[];
    };
    const hub = boot.contributions.find((c) => c.id.endsWith(".backup-hub"));
    const page = await fetch(`${boot.extension.baseUri}/${hub?.properties.uri ?? ""}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  test("switching users changes who the next token speaks for", async () => {
    await fetch(`${emulator.hostUrl}/_emulator/user`, {
      method: "POST",
      body: JSON.stringify({ userId: fabrikamUsers.devon }),
    });
    const { token } = (await (
      await fetch(`${emulator.hostUrl}/_emulator/token`, { method: "POST", body: "{}" })
    ).json()) as { token: string };
    const res = await fetch(`${emulator.orgUrl}/_apis/connectionData`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(
      ((await res.json()) as { authenticatedUser: { providerDisplayName: string } })
        .authenticatedUser.providerDisplayName,
    ).toBe("Devon Developer");
  });
});
