// The fake Entra authority over real HTTPS: admin consent, authorization code + PKCE, tokens.
import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EntraDirectory } from "../../emulator/entra";
import { newPkcePair } from "../../service/identity/entra-client";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/chromium";
import { entraRequest } from "../service-identity/entra-request";
import {
  AZURE_DEVOPS_RESOURCE,
  FABRIKAM_TENANT,
  PUBLIC_CLIENT_ID,
  TENANT_ID,
  useFakeEntra,
} from "../service-identity/fake-entra-support";

const OTHER_TENANT = "9a1b2c3d-0000-4000-8000-000000000002";
const SCOPES = `${AZURE_DEVOPS_RESOURCE}/user_impersonation https://graph.microsoft.com/User.Read.All`;

const directory: EntraDirectory = {
  tenants: [
    FABRIKAM_TENANT,
    { id: OTHER_TENANT, domain: "contoso.onmicrosoft.com", displayName: "Contoso" },
  ],
  users: [
    {
      id: "u-avery",
      tenantId: TENANT_ID,
      displayName: "Avery Admin",
      email: "avery@fabrikam.example",
      roles: ["GlobalAdministrator"],
    },
    {
      id: "u-nora",
      displayName: "Nora <Member> & Co",
      email: "nora@fabrikam.example",
      roles: ["ProjectCollectionAdministrator"],
    },
    {
      id: "u-casey",
      tenantId: OTHER_TENANT,
      displayName: "Casey Contoso",
      email: "casey@contoso.example",
      roles: ["GlobalAdministrator"],
    },
  ],
  apps: [
    { clientId: PUBLIC_CLIENT_ID, displayName: "Backup for Azure DevOps" },
    {
      clientId: "strict-app",
      displayName: "Strict",
      redirectUris: ["http://localhost:9999/callback"],
    },
  ],
};

const fake = useFakeEntra(directory, () => clock);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let clock = Date.now();

function send(
  method: string,
  url: string,
  opts: { form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return entraRequest(url, fake.origin.ca, method, opts).then((r) => ({
    status: r.status,
    headers: r.headers,
    body: r.text,
  }));
}

const json = (r: Reply) => JSON.parse(r.body) as Record<string, unknown>;
const location = (r: Reply) => new URL(String(r.headers.location));
const hiddenFlow = (html: string) => /name="flow" value="([^"]+)"/.exec(html)?.[1] ?? "";
const buttons = (html: string) =>
  [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
const cookieOf = (r: Reply) =>
  String((r.headers["set-cookie"] as string[] | undefined)?.[0] ?? "").split(";")[0] ?? "";

function decodeJwt(token: string): {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
} {
  const [h, c] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h ?? "", "base64url").toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c ?? "", "base64url").toString()) as Record<string, unknown>,
  };
}

async function verifiedByJwks(token: string): Promise<boolean> {
  const keys = json(await send("GET", `${fake.url}/${TENANT_ID}/discovery/v2.0/keys`))
    .keys as (JsonWebKey & { kid: string })[];
  const [h, c, s] = token.split(".");
  const key = keys.find((k) => k.kid === decodeJwt(token).header.kid);
  if (!key || !h || !c || !s) return false;
  return verify(
    "sha256",
    Buffer.from(`${h}.${c}`),
    createPublicKey({ key, format: "jwk" }),
    Buffer.from(s, "base64url"),
  );
}

/** Walks the admin-consent pages as a person would: pick the user, then press a button. */
async function adminConsent(
  userName: string,
  decision: "Accept" | "Cancel" | undefined,
  state = "st-1",
) {
  const url = `${fake.url}/${TENANT_ID}/v2.0/adminconsent?${new URLSearchParams({
    client_id: PUBLIC_CLIENT_ID,
    scope: SCOPES,
    redirect_uri: "http://localhost:8080/fabrikam/_settings/backup-hub",
    state,
  })}`;
  const signIn = await send("GET", url);
  expect(signIn.status).toBe(200);
  const user = directory.users.find((u) => u.displayName === userName);
  const chosen = await send("POST", `${fake.url}/${TENANT_ID}/v2.0/adminconsent`, {
    form: { flow: hiddenFlow(signIn.body), user: user?.id ?? "" },
  });
  if (chosen.status !== 200) return { signIn, consent: undefined, final: chosen };
  const final = decision
    ? await send("POST", `${fake.url}/${TENANT_ID}/v2.0/adminconsent`, {
        form: { flow: hiddenFlow(chosen.body), decision: decision.toLowerCase() },
      })
    : undefined;
  return { signIn, consent: chosen, final };
}

const REDIRECT = "http://localhost:3000/auth";

/** The tenant's authorize endpoint, asked for a code for the public client with `params`. */
const authorizeUrl = (params: Record<string, string>) =>
  `${fake.url}/${TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({
    client_id: PUBLIC_CLIENT_ID,
    response_type: "code",
    redirect_uri: REDIRECT,
    ...params,
  })}`;

/** Authorize as a user (picking them on the sign-in page) and return the code and PKCE verifier. */
async function signIn(userId: string, scope: string, extra: Record<string, string> = {}) {
  const { verifier, challenge } = newPkcePair();
  const page = await send(
    "GET",
    authorizeUrl({
      scope,
      state: "s-42",
      nonce: "n-42",
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...extra,
    }),
  );
  expect(page.status).toBe(200);
  const back = await send("POST", `${fake.url}/${TENANT_ID}/oauth2/v2.0/authorize`, {
    form: { flow: hiddenFlow(page.body), user: userId },
  });
  expect(back.status).toBe(303);
  const to = location(back);
  const params =
    extra.response_mode === "fragment" ? new URLSearchParams(to.hash.slice(1)) : to.searchParams;
  return {
    code: params.get("code") ?? "",
    state: params.get("state"),
    verifier,
    cookie: cookieOf(back),
    params,
  };
}

function redeem(code: string, verifier: string, scope: string) {
  return send("POST", `${fake.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    form: {
      client_id: PUBLIC_CLIENT_ID,
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      scope,
    },
    headers: { Origin: "http://localhost:3000" },
  });
}

beforeEach(() => {
  clock = Date.now();
});

test("serves OIDC metadata and a JWKS that MSAL can discover, with CORS", async () => {
  const meta = await send("GET", `${fake.url}/${TENANT_ID}/v2.0/.well-known/openid-configuration`, {
    headers: { Origin: "http://127.0.0.1:8081" },
  });
  expect(meta.status).toBe(200);
  expect(meta.headers["access-control-allow-origin"]).toBe("http://127.0.0.1:8081");
  expect(json(meta)).toMatchObject({
    issuer: `${fake.url}/${TENANT_ID}/v2.0`,
    authorization_endpoint: `${fake.url}/${TENANT_ID}/oauth2/v2.0/authorize`,
    token_endpoint: `${fake.url}/${TENANT_ID}/oauth2/v2.0/token`,
    end_session_endpoint: `${fake.url}/${TENANT_ID}/oauth2/v2.0/logout`,
    jwks_uri: `${fake.url}/${TENANT_ID}/discovery/v2.0/keys`,
  });
  const byDomain = json(
    await send("GET", `${fake.url}/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration`),
  );
  expect(byDomain.issuer).toBe(`${fake.url}/${TENANT_ID}/v2.0`);
  const common = json(
    await send("GET", `${fake.url}/organizations/v2.0/.well-known/openid-configuration`),
  );
  expect(common.issuer).toBe(`${fake.url}/{tenantid}/v2.0`);
  const keys = json(await send("GET", `${fake.url}/${TENANT_ID}/discovery/v2.0/keys`))
    .keys as Record<string, unknown>[];
  expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
  expect(
    (await send("GET", `${fake.url}/nowhere.example/v2.0/.well-known/openid-configuration`)).status,
  ).toBe(400);
  const preflight = await send("OPTIONS", `${fake.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    headers: {
      Origin: "http://localhost:3000",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type",
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
});

test("a Global Administrator accepts admin consent: the tenant's consent is recorded and the app is told", async () => {
  const { signIn: page, consent, final } = await adminConsent("Avery Admin", "Accept");
  expect(buttons(page.body)).toEqual([
    "Sign in as Avery Admin",
    "Sign in as Nora &lt;Member&gt; &amp; Co",
    "Cancel",
  ]);
  expect(page.body).not.toContain("Casey"); // another tenant's user
  expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
  expect(consent?.body).toContain("<h1>Permissions requested for Backup for Azure DevOps</h1>");
  expect(consent?.body).toContain(
    "Azure DevOps: Have full access to the Azure DevOps REST APIs as the signed-in user (user_impersonation)",
  );
  expect(consent?.body).toContain(
    "Microsoft Graph: Read all users&#39; full profiles (User.Read.All)",
  );
  expect(buttons(consent?.body ?? "")).toEqual(["Cancel", "Accept"]);

  expect(final?.status).toBe(303);
  const back = location(final as Reply);
  expect(back.origin + back.pathname).toBe("http://localhost:8080/fabrikam/_settings/backup-hub");
  expect(Object.fromEntries(back.searchParams)).toEqual({
    admin_consent: "True",
    tenant: TENANT_ID,
    scope: SCOPES,
    state: "st-1",
  });
  expect(fake.entra.consents).toEqual([
    {
      tenantId: TENANT_ID,
      clientId: PUBLIC_CLIENT_ID,
      scopes: SCOPES.split(" "),
      grantedBy: "u-avery",
      at: new Date(clock).toISOString(),
    },
  ]);
});

test("Cancel on the consent page declines with AADSTS65004 and records nothing", async () => {
  const { final } = await adminConsent("Avery Admin", "Cancel", "st-cancel");
  const back = location(final as Reply).searchParams;
  expect(back.get("error")).toBe("access_denied");
  expect(back.get("error_description")).toMatch(/^AADSTS65004: User declined to consent/);
  expect(back.get("state")).toBe("st-cancel");
  expect(fake.entra.consents).toEqual([]);
});

test("a user who is not a Global Administrator is refused with AADSTS90094 and records nothing", async () => {
  const { consent, final } = await adminConsent("Nora <Member> & Co", undefined);
  expect(consent).toBeUndefined();
  if (!final) throw new Error("the sign-in step did not answer");
  expect(final.status).toBe(303);
  const back = location(final).searchParams;
  expect(back.get("error")).toBe("access_denied");
  expect(back.get("error_description")).toMatch(
    /^AADSTS90094: The grant requires admin permission/,
  );
  expect(back.get("state")).toBe("st-1");
  expect(fake.entra.consents).toEqual([]);
});

test("admin consent refuses /common, unknown apps and unregistered redirect URIs with an error page", async () => {
  const common = await send(
    "GET",
    `${fake.url}/common/v2.0/adminconsent?client_id=${PUBLIC_CLIENT_ID}&scope=${AZURE_DEVOPS_RESOURCE}/.default&redirect_uri=${REDIRECT}`,
  );
  expect(common.status).toBe(400);
  expect(common.body).toContain("AADSTS90130");
  const unknown = await send(
    "GET",
    `${fake.url}/${TENANT_ID}/v2.0/adminconsent?client_id=nope&scope=${AZURE_DEVOPS_RESOURCE}/.default&redirect_uri=${REDIRECT}`,
  );
  expect(unknown.status).toBe(400);
  expect(unknown.body).toContain("AADSTS700016");
  expect(unknown.headers.location).toBeUndefined();
  const strict = await send(
    "GET",
    `${fake.url}/${TENANT_ID}/v2.0/adminconsent?client_id=strict-app&scope=${AZURE_DEVOPS_RESOURCE}/.default&redirect_uri=${REDIRECT}`,
  );
  expect(strict.body).toContain("AADSTS50011");
});

test("an Azure DevOps token is refused before consent and issued after it, signed by the JWKS key", async () => {
  const scope = `${AZURE_DEVOPS_RESOURCE}/user_impersonation openid profile offline_access`;
  const before = await signIn("u-nora", scope);
  expect(before.state).toBe("s-42");
  const refused = await redeem(before.code, before.verifier, scope);
  expect(refused.status).toBe(400);
  expect(refused.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
  expect(json(refused)).toMatchObject({
    error: "invalid_grant",
    suberror: "consent_required",
    error_codes: [65001],
  });
  expect(String(json(refused).error_description)).toMatch(/^AADSTS65001: /);

  await adminConsent("Avery Admin", "Accept");
  const after = await signIn("u-nora", scope);
  const issued = await redeem(after.code, after.verifier, scope);
  expect(issued.status).toBe(200);
  const body = json(issued);
  expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
  expect(JSON.parse(Buffer.from(String(body.client_info), "base64url").toString())).toEqual({
    uid: "u-nora",
    utid: TENANT_ID,
  });

  const access = decodeJwt(String(body.access_token));
  expect(access.header.alg).toBe("RS256");
  expect(access.claims).toMatchObject({
    aud: AZURE_DEVOPS_RESOURCE,
    scp: "user_impersonation",
    tid: TENANT_ID,
    oid: "u-nora",
    azp: PUBLIC_CLIENT_ID,
    appid: PUBLIC_CLIENT_ID,
    iss: `${fake.url}/${TENANT_ID}/v2.0`,
  });
  expect(await verifiedByJwks(String(body.access_token))).toBe(true);
  const id = decodeJwt(String(body.id_token)).claims;
  expect(id).toMatchObject({
    aud: PUBLIC_CLIENT_ID,
    nonce: "n-42",
    tid: TENANT_ID,
    oid: "u-nora",
    preferred_username: "nora@fabrikam.example",
    name: "Nora <Member> & Co",
  });
  expect(await verifiedByJwks(String(body.id_token))).toBe(true);

  expect(fake.entra.verifyAccessToken(String(body.access_token))).toEqual({
    userId: "u-nora",
    tenantId: TENANT_ID,
    appId: PUBLIC_CLIENT_ID,
    audience: AZURE_DEVOPS_RESOURCE,
    scopes: ["user_impersonation"],
  });
  expect(fake.entra.verifyAccessToken(String(body.id_token))).toBeUndefined();
  const [h, c, s] = String(body.access_token).split(".");
  const forged = Buffer.from(JSON.stringify({ ...access.claims, oid: "u-avery" })).toString(
    "base64url",
  );
  expect(fake.entra.verifyAccessToken(`${h}.${forged}.${s}`)).toBeUndefined();
  expect(c).toBeTruthy();
  clock += 3601 * 1000;
  expect(fake.entra.verifyAccessToken(String(body.access_token))).toBeUndefined();

  // The code was redeemed once.
  expect(json(await redeem(after.code, after.verifier, scope)).error).toBe("invalid_grant");
});

test("the token endpoint checks the PKCE verifier and the redirect URI", async () => {
  await adminConsent("Avery Admin", "Accept");
  const scope = `${AZURE_DEVOPS_RESOURCE}/user_impersonation openid`;
  const first = await signIn("u-avery", scope);
  const wrong = await redeem(first.code, newPkcePair().verifier, scope);
  expect(json(wrong)).toMatchObject({ error: "invalid_grant", error_codes: [501481] });
  const second = await signIn("u-avery", scope);
  const elsewhere = await send("POST", `${fake.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    form: {
      client_id: PUBLIC_CLIENT_ID,
      grant_type: "authorization_code",
      code: second.code,
      code_verifier: second.verifier,
      redirect_uri: "http://localhost:3000/other",
    },
  });
  expect(json(elsewhere)).toMatchObject({ error: "invalid_grant", error_codes: [50011] });
  const missingChallenge = await send("GET", authorizeUrl({ scope, state: "x" }));
  expect(location(missingChallenge).searchParams.get("error")).toBe("invalid_request");
  expect(location(missingChallenge).searchParams.get("error_description")).toMatch(
    /^AADSTS9002325/,
  );
});

test("fragment responses, refresh tokens for another resource, and Graph tokens", async () => {
  await adminConsent("Avery Admin", "Accept");
  const got = await signIn("u-avery", "openid profile offline_access", {
    response_mode: "fragment",
  });
  expect(got.params.get("state")).toBe("s-42");
  const first = json(await redeem(got.code, got.verifier, "openid profile offline_access"));
  const refreshed = await send("POST", `${fake.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    form: {
      client_id: PUBLIC_CLIENT_ID,
      grant_type: "refresh_token",
      refresh_token: String(first.refresh_token),
      scope: "https://graph.microsoft.com/User.Read.All",
    },
  });
  expect(refreshed.status).toBe(200);
  expect(decodeJwt(String(json(refreshed).access_token)).claims).toMatchObject({
    aud: "https://graph.microsoft.com",
    scp: "User.Read.All",
  });
  const twoResources = await send("POST", `${fake.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    form: {
      client_id: PUBLIC_CLIENT_ID,
      grant_type: "refresh_token",
      refresh_token: String(first.refresh_token),
      scope: SCOPES,
    },
  });
  expect(json(twoResources)).toMatchObject({ error: "invalid_scope", error_codes: [28000] });
});

test("prompt=none: login_required without a session, consent_required before consent, a code after", async () => {
  const { challenge } = newPkcePair();
  const silent = (cookie: string, hint?: string) =>
    send(
      "GET",
      authorizeUrl({
        scope: `${AZURE_DEVOPS_RESOURCE}/user_impersonation openid`,
        state: "quiet",
        prompt: "none",
        response_mode: "fragment",
        code_challenge: challenge,
        code_challenge_method: "S256",
        ...(hint ? { login_hint: hint } : {}),
      }),
      { headers: cookie ? { Cookie: cookie } : {} },
    ).then((r) => new URLSearchParams(location(r).hash.slice(1)));

  expect((await silent("")).get("error")).toBe("login_required");
  const session = (await signIn("u-nora", "openid")).cookie;
  expect(session).toMatch(/^entra_session=/);
  const beforeConsent = await silent(session);
  expect(beforeConsent.get("error")).toBe("consent_required");
  expect(beforeConsent.get("error_description")).toMatch(/^AADSTS65001/);
  await adminConsent("Avery Admin", "Accept");
  const after = await silent(session);
  expect(after.get("code")).toBeTruthy();
  expect(after.get("state")).toBe("quiet");
  expect((await silent("", "nora@fabrikam.example")).get("code")).toBeTruthy();
});

test("issueTokenFor (nested app auth) fails with consent_required until the tenant consents", async () => {
  const ask = () =>
    fake.entra.issueTokenFor({
      userId: "u-nora",
      clientId: PUBLIC_CLIENT_ID,
      scopes: [`${AZURE_DEVOPS_RESOURCE}/user_impersonation`],
    });
  const refused = ask();
  expect(refused).toMatchObject({
    ok: false,
    error: "consent_required",
    suberror: "consent_required",
  });
  expect(refused.ok ? "" : refused.description).toMatch(/^AADSTS65001/);
  await adminConsent("Avery Admin", "Accept");
  const granted = ask();
  if (!granted.ok) throw new Error(granted.description);
  expect(fake.entra.verifyAccessToken(granted.accessToken)).toMatchObject({
    userId: "u-nora",
    audience: AZURE_DEVOPS_RESOURCE,
    scopes: ["user_impersonation"],
  });
  expect(decodeJwt(granted.idToken).claims.aud).toBe(PUBLIC_CLIENT_ID);
  expect(
    fake.entra.issueTokenFor({ userId: "u-nora", clientId: "nope", scopes: ["openid"] }),
  ).toMatchObject({ ok: false, error: "invalid_client" });
  // Another tenant's consent does not count.
  expect(
    fake.entra.issueTokenFor({
      userId: "u-casey",
      clientId: PUBLIC_CLIENT_ID,
      scopes: [`${AZURE_DEVOPS_RESOURCE}/user_impersonation`],
    }),
  ).toMatchObject({ ok: false });
});

describe("the real @azure/msal-browser against the authority (Chromium)", () => {
  let app: HttpServer;
  let appUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const msalBuild = readFileSync(
      join(__dirname, "../../node_modules/@azure/msal-browser/lib/msal-browser.min.js"),
    );
    // The single-page app under test: signs in with a redirect, then shows what MSAL returned.
    const appScript = `
      const config = JSON.parse(document.getElementById("config").textContent);
      const out = document.getElementById("result");
      const pca = new msal.PublicClientApplication({
        auth: {
          clientId: config.clientId,
          authority: config.authority,
          knownAuthorities: [new URL(config.authority).host],
          protocolMode: "OIDC",
          redirectUri: location.origin + "/app.html",
        },
        cache: { cacheLocation: "sessionStorage" },
      });
      (async () => {
        await pca.initialize();
        const result = await pca.handleRedirectPromise();
        if (result) {
          const silent = await pca.acquireTokenSilent({ account: result.account, scopes: [config.graphScope] });
          out.textContent = JSON.stringify({
            username: result.account.username,
            tenantId: result.tenantId,
            homeAccountId: result.account.homeAccountId,
            accessToken: result.accessToken,
            graphToken: silent.accessToken,
          });
          document.getElementById("status").textContent = "Signed in as " + result.account.name;
        }
        document.getElementById("sign-in").disabled = false;
      })().catch((e) => { document.getElementById("status").textContent = "Failed: " + e.errorCode + " " + e.message; });
      document.getElementById("sign-in").addEventListener("click", () => {
        pca.loginRedirect({ scopes: [config.adoScope] }).catch((e) => {
          document.getElementById("status").textContent = "Failed: " + e.errorCode + " " + e.message;
        });
      });
    `;
    app = createHttpServer((req, res) => {
      if (req.url === "/msal.js")
        return res.writeHead(200, { "Content-Type": "text/javascript" }).end(msalBuild);
      if (req.url === "/app.js")
        return res.writeHead(200, { "Content-Type": "text/javascript" }).end(appScript);
      const config = JSON.stringify({
        clientId: PUBLIC_CLIENT_ID,
        authority: `${fake.url}/${TENANT_ID}/v2.0`,
        adoScope: `${AZURE_DEVOPS_RESOURCE}/user_impersonation`,
        graphScope: "https://graph.microsoft.com/User.Read.All",
      });
      res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><title>App</title>
        <script type="application/json" id="config">${config}</script>
        <button id="sign-in" disabled>Sign in</button><p id="status" role="status"></p><pre id="result"></pre>
        <script src="/msal.js"></script><script src="/app.js"></script>`);
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    appUrl = `http://localhost:${(app.address() as AddressInfo).port}/app.html`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (app?.listening) await new Promise((r) => app.close(r));
  });

  test("a Global Administrator clicks through the admin-consent pages in the browser", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const query = new URLSearchParams({
      client_id: PUBLIC_CLIENT_ID,
      scope: SCOPES,
      redirect_uri: appUrl,
      state: "browser-state",
    });
    await page.goto(`${fake.url}/${TENANT_ID}/v2.0/adminconsent?${query}`);
    await page.getByRole("button", { name: "Sign in as Avery Admin" }).click();
    await page
      .getByRole("heading", { name: "Permissions requested for Backup for Azure DevOps" })
      .waitFor();
    const permissions = await page
      .getByRole("list", { name: "Requested permissions" })
      .getByRole("listitem")
      .allTextContents();
    expect(permissions).toEqual([
      "Azure DevOps: Have full access to the Azure DevOps REST APIs as the signed-in user (user_impersonation)",
      "Microsoft Graph: Read all users' full profiles (User.Read.All)",
    ]);
    await page.getByRole("button", { name: "Accept" }).click();
    await page.waitForURL((url) => url.searchParams.get("admin_consent") === "True");
    expect(new URL(page.url()).searchParams.get("state")).toBe("browser-state");
    expect(fake.entra.consents).toMatchObject([
      { tenantId: TENANT_ID, clientId: PUBLIC_CLIENT_ID, grantedBy: "u-avery" },
    ]);
    await context.close();
  }, 60_000);

  test("loginRedirect, the code exchange and a silent token for a second resource all succeed", async () => {
    await adminConsent("Avery Admin", "Accept");
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign in as Nora <Member> & Co" }).click();
    const status = page.getByRole("status");
    await status.filter({ hasText: /^(Signed in as|Failed)/ }).waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toBe("Signed in as Nora <Member> & Co");
    const result = JSON.parse((await page.locator("#result").textContent()) ?? "{}") as Record<
      string,
      string
    >;
    expect(result).toMatchObject({
      username: "nora@fabrikam.example",
      tenantId: TENANT_ID,
      homeAccountId: `u-nora.${TENANT_ID}`,
    });
    expect(fake.entra.verifyAccessToken(result.accessToken ?? "")).toMatchObject({
      userId: "u-nora",
      audience: AZURE_DEVOPS_RESOURCE,
      scopes: ["user_impersonation"],
    });
    expect(fake.entra.verifyAccessToken(result.graphToken ?? "")).toMatchObject({
      audience: "https://graph.microsoft.com",
      scopes: ["User.Read.All"],
    });
    await context.close();
  }, 60_000);
});
