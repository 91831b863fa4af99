// The fake Entra's parts the backup service relies on (emulator/entra): confidential clients and
// client credentials, refresh tokens that rotate and can be revoked, users' own consent, and the
// Graph reads (servicePrincipals, oauth2PermissionGrants) in their real shapes and errors.
import type { EntraDirectory } from "../../emulator/entra";
import { newPkcePair } from "../../service/identity/entra-client";
import { entraRequest } from "./entra-request";
import {
  AZURE_DEVOPS_RESOURCE,
  FABRIKAM_TENANT,
  PUBLIC_CLIENT_ID,
  TENANT_ID,
  useFakeEntra,
} from "./fake-entra-support";

const SERVICE = "6f1c1d2e-7a4b-4f3c-9e8d-5b2a1c0d9e7f";
const SECRET = "s3cret";
const ADO = `${AZURE_DEVOPS_RESOURCE}/user_impersonation`;
const GRAPH = "https://graph.microsoft.com/User.Read.All";
const REDIRECT = "http://localhost:3000/landing/sign-in";

const directory: EntraDirectory = {
  tenants: [FABRIKAM_TENANT],
  users: [
    { id: "u-avery", displayName: "Avery", email: "avery@fabrikam.example", roles: [] },
    {
      id: "u-gloria",
      displayName: "Gloria",
      email: "gloria@fabrikam.example",
      roles: ["GlobalAdministrator"],
    },
  ],
  apps: [
    {
      clientId: SERVICE,
      displayName: "Backup service",
      clientSecret: SECRET,
      applicationPermissions: ["Application.Read.All"],
    },
    { clientId: PUBLIC_CLIENT_ID, displayName: "Public client" },
  ],
};

const fake = useFakeEntra(directory);

interface Reply {
  status: number;
  body: Record<string, unknown>;
  location?: string;
  html: string;
}

async function send(
  method: string,
  path: string,
  opts: { form?: Record<string, string>; bearer?: string } = {},
): Promise<Reply> {
  const res = await entraRequest(`${fake.url}${path}`, fake.origin.ca, method, {
    ...(opts.form ? { form: opts.form } : {}),
    ...(opts.bearer ? { headers: { Authorization: `Bearer ${opts.bearer}` } } : {}),
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    // an HTML page
  }
  return { status: res.status, body: json, location: res.headers.location, html: res.text };
}

const token = (form: Record<string, string>) =>
  send("POST", `/${TENANT_ID}/oauth2/v2.0/token`, { form });
const appToken = (secret = SECRET) =>
  token({
    client_id: SERVICE,
    client_secret: secret,
    grant_type: "client_credentials",
    scope: "https://graph.microsoft.com/.default",
  });
const claimsOf = (jwt: unknown) =>
  JSON.parse(Buffer.from(String(jwt).split(".")[1] ?? "", "base64url").toString()) as Record<
    string,
    unknown
  >;
const adminConsent = (scopes: string[]) =>
  fake.entra.consents.push({
    tenantId: TENANT_ID,
    clientId: SERVICE,
    scopes,
    grantedBy: "u-gloria",
    at: new Date().toISOString(),
  });

/** Signs in as Avery with the service app (code + PKCE) and redeems the code with the secret. */
async function signInWithSecret(secret = SECRET) {
  const { verifier, challenge } = newPkcePair();
  const page = await send(
    "GET",
    `/${TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({
      client_id: SERVICE,
      response_type: "code",
      redirect_uri: REDIRECT,
      scope: `${ADO} offline_access`,
      state: "s",
      code_challenge: challenge,
      code_challenge_method: "S256",
    })}`,
  );
  const flow = /name="flow" value="([^"]+)"/.exec(page.html)?.[1] ?? "";
  const back = await send("POST", `/${TENANT_ID}/oauth2/v2.0/authorize`, {
    form: { flow, user: "u-avery" },
  });
  const code = new URL(String(back.location)).searchParams.get("code") ?? "";
  return token({
    client_id: SERVICE,
    client_secret: secret,
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    scope: `${ADO} offline_access`,
  });
}

test("client credentials: a wrong or missing secret is invalid_client, an app nobody consented to is not in the tenant", async () => {
  adminConsent([ADO]);
  const wrong = await appToken("nope");
  expect([wrong.status, wrong.body.error]).toEqual([401, "invalid_client"]);
  expect(wrong.body.error_description).toMatch(/^AADSTS7000215/);
  const none = await token({
    client_id: SERVICE,
    grant_type: "client_credentials",
    scope: "https://graph.microsoft.com/.default",
  });
  expect(none.body.error_description).toMatch(/^AADSTS7000218/);
  const notDefault = await token({
    client_id: SERVICE,
    client_secret: SECRET,
    grant_type: "client_credentials",
    scope: GRAPH,
  });
  expect(notDefault.body.error).toBe("invalid_scope");

  fake.entra.reset();
  const absent = await appToken();
  expect([absent.status, absent.body.error]).toEqual([400, "unauthorized_client"]);
  expect(absent.body.error_description).toMatch(/^AADSTS700016/);
});

test("client credentials: an app-only Graph token with the app's roles and no refresh token", async () => {
  adminConsent([ADO]);
  const ok = await appToken();
  expect(ok.status).toBe(200);
  expect(ok.body.refresh_token).toBeUndefined();
  expect(claimsOf(ok.body.access_token)).toMatchObject({
    aud: "https://graph.microsoft.com",
    tid: TENANT_ID,
    azp: SERVICE,
    idtyp: "app",
    roles: ["Application.Read.All"],
  });
});

test("Graph: 401 without a token, 403 without a directory-read permission, the real list shapes with one", async () => {
  adminConsent([ADO, GRAPH]);
  fake.entra.grantUserConsent({
    tenantId: TENANT_ID,
    clientId: SERVICE,
    userId: "u-avery",
    scopes: [ADO],
  });
  const anonymous = await send("GET", "/v1.0/servicePrincipals");
  expect([anonymous.status, (anonymous.body.error as { code: string }).code]).toEqual([
    401,
    "InvalidAuthenticationToken",
  ]);

  // A delegated Graph token with User.Read.All only may not read service principals.
  const signedIn = await signInWithSecret();
  const graphToken = await token({
    client_id: SERVICE,
    client_secret: SECRET,
    grant_type: "refresh_token",
    refresh_token: String(signedIn.body.refresh_token),
    scope: GRAPH,
  });
  const denied = await send("GET", "/v1.0/servicePrincipals", {
    bearer: String(graphToken.body.access_token),
  });
  expect([denied.status, (denied.body.error as { code: string }).code]).toEqual([
    403,
    "Authorization_RequestDenied",
  ]);

  const bearer = String((await appToken()).body.access_token);
  const sps = await send(
    "GET",
    `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${SERVICE}'`)}`,
    { bearer },
  );
  expect(sps.body["@odata.context"]).toBe(
    "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals",
  );
  const [sp] = sps.body.value as { id: string; appId: string }[];
  expect(sp?.appId).toBe(SERVICE);
  const ado = (
    await send(
      "GET",
      `/v1.0/servicePrincipals?$filter=${encodeURIComponent("appId eq '499b84ac-1321-427f-aa17-267ca6975798'")}`,
      { bearer },
    )
  ).body.value as { id: string }[];
  const grants = await send(
    "GET",
    `/v1.0/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${sp?.id}'`)}`,
    { bearer },
  );
  expect(grants.body.value).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        clientId: sp?.id,
        consentType: "AllPrincipals",
        principalId: null,
        resourceId: ado[0]?.id,
        scope: "user_impersonation",
      }),
      expect.objectContaining({ consentType: "AllPrincipals", scope: "User.Read.All" }),
      expect.objectContaining({
        consentType: "Principal",
        principalId: "u-avery",
        resourceId: ado[0]?.id,
      }),
    ]),
  );
  expect((grants.body.value as unknown[]).length).toBe(3);
  const unsupported = await send(
    "GET",
    "/v1.0/oauth2PermissionGrants?$filter=startswith(scope,'u')",
    { bearer },
  );
  expect(unsupported.status).toBe(400);
});

test("refresh tokens: each use gives a new one; revoked ones fail with AADSTS50173; the secret is checked when sent", async () => {
  adminConsent([ADO]);
  expect((await signInWithSecret("wrong")).body.error).toBe("invalid_client");
  const first = await signInWithSecret();
  expect(first.status).toBe(200);
  const refresh = (rt: unknown) =>
    token({
      client_id: SERVICE,
      client_secret: SECRET,
      grant_type: "refresh_token",
      refresh_token: String(rt),
      scope: ADO,
    });
  const second = await refresh(first.body.refresh_token);
  expect(second.status).toBe(200);
  expect(second.body.refresh_token).not.toBe(first.body.refresh_token);

  expect(fake.entra.revokeRefreshTokens({ userId: "u-avery" })).toBe(2);
  const revoked = await refresh(second.body.refresh_token);
  expect([revoked.status, revoked.body.error]).toEqual([400, "invalid_grant"]);
  expect(revoked.body.error_description).toMatch(/^AADSTS50173/);
});

test("a user's own consent lets that user, and nobody else, get a token", async () => {
  fake.entra.grantUserConsent({
    tenantId: TENANT_ID,
    clientId: PUBLIC_CLIENT_ID,
    userId: "u-avery",
    scopes: [ADO],
  });
  expect(
    fake.entra.issueTokenFor({ userId: "u-avery", clientId: PUBLIC_CLIENT_ID, scopes: [ADO] }).ok,
  ).toBe(true);
  expect(
    fake.entra.issueTokenFor({ userId: "u-gloria", clientId: PUBLIC_CLIENT_ID, scopes: [ADO] }),
  ).toMatchObject({
    ok: false,
    error: "consent_required",
  });
  expect(fake.entra.consents).toEqual([]);
});
