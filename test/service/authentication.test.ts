// Every /api/** operation the service documents refuses a caller it cannot verify: no token, an
// app token signed with another key, expired, for another extension, or an Azure DevOps token of
// somebody else. Also CORS, body limits, strict bodies and the rate limit.
import { SignJWT } from "jose";
import { AZURE_DEVOPS_TOKEN_HEADER } from "../../src/core/service-api";
import {
  type Harness,
  type InjectRequest,
  STORES,
  newOpId,
  startHarness,
} from "./support/service-harness";

const ADO = AZURE_DEVOPS_TOKEN_HEADER.toLowerCase();

async function appToken(
  h: Harness,
  userId: string,
  opts: { key?: string; audience?: string; expiresIn?: number; issuer?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ nameid: userId, tid: h.emulator.organization.tenantId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(opts.issuer ?? "app.vstoken.visualstudio.com")
    .setAudience(opts.audience ?? h.emulator.extensionAppId)
    .setNotBefore(now - 600)
    .setExpirationTime(now + (opts.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(opts.key ?? h.emulator.extensionKey));
}

interface Operation {
  method: "GET" | "POST" | "PUT";
  url: string;
}

async function documentedOperations(h: Harness): Promise<Operation[]> {
  const res = await h.inject({ method: "GET", url: "/openapi.json" });
  expect(res.statusCode).toBe(200);
  const doc = res.json() as { paths: Record<string, Record<string, unknown>> };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith("/api/")) continue;
    for (const method of Object.keys(methods))
      ops.push({
        method: method.toUpperCase() as Operation["method"],
        url: path.replace("{organization}", h.organization),
      });
  }
  return ops;
}

describe.each(STORES)("authentication on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, `auth_${kind}`, { rateLimit: { max: 40, windowMs: 60_000 } });
  });
  afterAll(async () => h?.stop());

  test("the OpenAPI document lists every route with strict schemas", async () => {
    const ops = await documentedOperations(h);
    expect(ops.map((o) => `${o.method} ${o.url.replace(h.organization, "{org}")}`)).toEqual(
      expect.arrayContaining([
        "GET /api/v1/organizations/{org}/state",
        "POST /api/v1/organizations/{org}/scope/changes",
        "GET /api/v1/organizations/{org}/history",
        "PUT /api/v1/organizations/{org}/app-profile",
      ]),
    );
    const doc = (await h.inject({ method: "GET", url: "/openapi.json" })).json();
    const body =
      doc.paths["/api/v1/organizations/{organization}/scope/changes"].post.requestBody.content[
        "application/json"
      ].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.changes.maxItems).toBeGreaterThan(0);
  });

  test("every documented /api operation answers 401 without a token, with a wrong key, expired, or for another extension", async () => {
    const ops = await documentedOperations(h);
    const pca = h.users.pca;
    const adoToken = h.emulator.issueToken(pca);
    const bad: [string, Record<string, string>][] = [
      ["no token", {}],
      ["no Azure DevOps token", { authorization: `Bearer ${await appToken(h, pca)}` }],
      [
        "wrong key",
        {
          authorization: `Bearer ${await appToken(h, pca, { key: "another-extension-key-0123456789" })}`,
          [ADO]: adoToken,
        },
      ],
      [
        "expired",
        {
          authorization: `Bearer ${await appToken(h, pca, { expiresIn: -3600 })}`,
          [ADO]: adoToken,
        },
      ],
      [
        "wrong audience",
        {
          authorization: `Bearer ${await appToken(h, pca, { audience: "11111111-2222-4333-8444-555555555555" })}`,
          [ADO]: adoToken,
        },
      ],
      [
        "wrong issuer",
        {
          authorization: `Bearer ${await appToken(h, pca, { issuer: "evil.example" })}`,
          [ADO]: adoToken,
        },
      ],
      ["not a JWT", { authorization: "Bearer not-a-token", [ADO]: adoToken }],
      [
        "someone else's Azure DevOps token",
        {
          authorization: `Bearer ${await appToken(h, pca)}`,
          [ADO]: h.emulator.issueToken(h.users.member),
        },
      ],
      [
        "a refused Azure DevOps token",
        { authorization: `Bearer ${await appToken(h, pca)}`, [ADO]: "revoked-or-made-up" },
      ],
    ];
    for (const op of ops)
      for (const [why, headers] of bad) {
        const res = await h.inject({
          ...op,
          headers,
          ...(op.method === "GET" ? {} : { payload: { opId: newOpId() } }),
        });
        expect({
          op: `${op.method} ${op.url}`,
          why,
          status: res.statusCode,
          code: res.json().code,
        }).toEqual({
          op: `${op.method} ${op.url}`,
          why,
          status: 401,
          code: "unauthenticated",
        });
      }
  });

  test("an app token of another tenant is refused as the wrong organization", async () => {
    const token = await new SignJWT({
      nameid: h.users.pca,
      tid: "99999999-9999-4999-8999-999999999999",
    })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("app.vstoken.visualstudio.com")
      .setAudience(h.emulator.extensionAppId)
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(h.emulator.extensionKey));
    const res = await h.inject({
      method: "GET",
      url: h.url("/state"),
      headers: { authorization: `Bearer ${token}`, [ADO]: h.emulator.issueToken(h.users.pca) },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("wrongOrganization");
  });

  test("malformed, unknown-field and oversized bodies are refused and change nothing", async () => {
    const project = h.emulator.state.sortedProjects()[0]!;
    const headers = h.headersOf(h.users.pca);
    const good = {
      projectId: project.id,
      name: project.name,
      after: { choice: "included", dataTypes: ["repos"] },
    };
    const bodies: [string, InjectRequest["payload"], number][] = [
      ["not JSON", "{not json", 400],
      ["unknown top-level field", { opId: newOpId(), changes: [good], role: "admin" }, 400],
      [
        "unknown field in a change",
        { opId: newOpId(), changes: [{ ...good, changedBy: { id: "x", displayName: "Mallory" } }] },
        400,
      ],
      [
        "unknown data type",
        {
          opId: newOpId(),
          changes: [{ ...good, after: { choice: "included", dataTypes: ["secrets"] } }],
        },
        400,
      ],
      [
        "not a project id",
        { opId: newOpId(), changes: [{ ...good, projectId: "../../etc" }] },
        400,
      ],
      [
        "a string for a boolean",
        {
          opId: newOpId(),
          changes: [],
          settings: {
            before: { includeNewProjects: false, defaultDataTypes: [] },
            after: { includeNewProjects: "true", defaultDataTypes: [] },
          },
        },
        400,
      ],
      ["no opId", { changes: [good] }, 400],
      ["a name too long", { opId: newOpId(), changes: [{ ...good, name: "x".repeat(5000) }] }, 400],
      [
        "over 2 MB",
        { opId: newOpId(), changes: [good], padding: "x".repeat(2.2 * 1024 * 1024) },
        413,
      ],
    ];
    for (const [why, payload, status] of bodies) {
      const res = await h.inject({
        method: "POST",
        url: h.url("/scope/changes"),
        headers,
        payload,
      });
      expect({ why, status: res.statusCode, code: res.json().code }).toEqual({
        why,
        status,
        code: status === 413 ? "payloadTooLarge" : "badRequest",
      });
    }
    const profile = await h.inject({
      method: "PUT",
      url: h.url("/app-profile"),
      headers,
      payload: { opId: newOpId(), profile: { kind: "custom", clientId: "not-a-guid" } },
    });
    expect(profile.statusCode).toBe(400);
    const state = (await h.inject({ method: "GET", url: h.url("/state"), headers })).json();
    expect(state.scope.entries).toEqual([]);
    expect(state.appProfile.profile.kind).toBe("service");
    const history = (await h.inject({ method: "GET", url: h.url("/history"), headers })).json();
    expect(history.records).toEqual([]);
  });

  test("CORS: the extension's origin may call, with a preflight; another origin may not", async () => {
    const origin = h.emulator.extensionUrl;
    const preflight = await h.inject({
      method: "OPTIONS",
      url: h.url("/scope/changes"),
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, x-azure-devops-token",
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "x-azure-devops-token",
    );
    const other = await h.inject({
      method: "OPTIONS",
      url: h.url("/state"),
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const get = await h.inject({
      method: "GET",
      url: h.url("/state"),
      headers: { ...h.headersOf(h.users.member), origin },
    });
    expect(get.headers.get("access-control-allow-origin")).toBe(origin);
  });

  test("public routes need no token; unknown paths are a notFound body", async () => {
    expect((await h.inject({ method: "GET", url: "/health" })).json()).toEqual({ status: "ok" });
    const missing = await h.inject({ method: "GET", url: "/nothing-here" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("notFound");
  });

  // Last: it spends the caller's budget.
  test("past the rate limit a caller gets 429 with Retry-After; another caller is not affected", async () => {
    const headers = h.headersOf(h.users.member);
    let limited;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await h.inject({ method: "GET", url: h.url("/history"), headers });
      if (res.statusCode === 429) limited = res;
      else expect(res.statusCode).toBe(200);
    }
    expect(limited?.json().code).toBe("rateLimited");
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await h.inject({
      method: "GET",
      url: h.url("/history"),
      headers: h.headersOf(h.users.pca2),
    });
    expect(other.statusCode).toBe(200);
  });
});
