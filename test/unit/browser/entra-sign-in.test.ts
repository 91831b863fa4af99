import { createHash, webcrypto } from "node:crypto";
import { SERVICE_APP } from "../../../src/core/app-profile";
import {
  EntraSignIn,
  SIGN_IN_SCOPES,
  SignInError,
  authorizeUrl,
  azureDevOpsSession,
  backupServiceToken,
  codeFromRedirect,
  createPkce,
} from "../../../src/browser/entra-sign-in";
import { TokenCache, type SignInSession } from "../../../src/browser/token-cache";
import { fakeBrowser } from "./fake-browser";

const crypto = webcrypto as unknown as Crypto;
const key = {
  authority: "https://login.microsoftonline.com",
  tenantId: "85bdc543-be4e-4cdc-9e52-7592e5333ced",
  clientId: "6f1c1d2e-7a4b-4f3c-9e8d-5b2a1c0d9e7f",
  organization: "https://dev.azure.com/fabrikam/",
};
const b64url = (b: Buffer): string => b.toString("base64url");

function idToken(claims: Record<string, unknown>): string {
  return `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;
}

describe("PKCE and the authorize URL", () => {
  test("the challenge is the S256 of a 43-character verifier", async () => {
    const { verifier, challenge } = await createPkce(crypto);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(b64url(createHash("sha256").update(verifier).digest()));
  });

  test("asks the organization's tenant (never common) for a code with PKCE S256", () => {
    const url = new URL(
      authorizeUrl(key, {
        redirectUri: "https://x.chromiumapp.org/",
        state: "s1",
        codeChallenge: "c1",
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(
      `https://login.microsoftonline.com/${key.tenantId}/oauth2/v2.0/authorize`,
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: key.clientId,
      response_type: "code",
      redirect_uri: "https://x.chromiumapp.org/",
      state: "s1",
      code_challenge: "c1",
      code_challenge_method: "S256",
      scope: SIGN_IN_SCOPES.join(" "),
    });
    expect(url.searchParams.get("scope")).toContain(
      "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation",
    );
  });
});

describe("codeFromRedirect", () => {
  test("returns the code when the state is ours", () => {
    expect(codeFromRedirect("https://x.chromiumapp.org/?code=abc&state=s1", "s1")).toBe("abc");
  });

  test("refuses an answer with another state, before looking at its code", () => {
    expect(() => codeFromRedirect("https://x.chromiumapp.org/?code=abc&state=evil", "s1")).toThrow(
      expect.objectContaining({ problem: "state-mismatch" }),
    );
    expect(() => codeFromRedirect("https://x.chromiumapp.org/?code=abc", "s1")).toThrow(
      SignInError,
    );
  });

  test("reports Entra's error in its own words", () => {
    const url =
      "https://x.chromiumapp.org/?error=access_denied&error_description=AADSTS65004%3A%20User%20declined&state=s1";
    expect(() => codeFromRedirect(url, "s1")).toThrow(
      expect.objectContaining({
        problem: "cancelled",
        code: "access_denied",
        message: "AADSTS65004: User declined",
      }),
    );
  });
});

describe("EntraSignIn", () => {
  test("interactive sign-in: launchWebAuthFlow, state checked, code redeemed with the verifier", async () => {
    const browser = fakeBrowser();
    let sentUrl = "";
    browser.identity.launchWebAuthFlow.mockImplementation(async ({ url }) => {
      sentUrl = url;
      const state = new URL(url).searchParams.get("state");
      return `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/?code=the-code&state=${state}`;
    });
    const fetchMock = jest.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response(
          JSON.stringify({
            access_token: "at",
            refresh_token: "rt",
            expires_in: 3600,
            id_token: idToken({
              oid: "u1",
              name: "Avery Admin",
              preferred_username: "avery@fabrikam.example",
            }),
          }),
          { status: 200, headers: { "Content-Type": "application/json" } },
        ),
    );
    const signIn = new EntraSignIn(
      browser,
      fetchMock as unknown as typeof fetch,
      crypto,
      () => 1000,
    );
    const session = await signIn.interactive(key);

    expect(browser.identity.launchWebAuthFlow).toHaveBeenCalledWith({
      url: sentUrl,
      interactive: true,
    });
    expect(session).toEqual({
      accessToken: "at",
      refreshToken: "rt",
      expiresAt: 1000 + 3600 * 1000,
      account: { id: "u1", name: "Avery Admin", username: "avery@fabrikam.example" },
    });
    const [tokenUrl, init] = fetchMock.mock.calls[0] ?? [];
    expect(tokenUrl).toBe(`https://login.microsoftonline.com/${key.tenantId}/oauth2/v2.0/token`);
    const form = new URLSearchParams(String(init?.body));
    expect(form.get("grant_type")).toBe("authorization_code");
    expect(form.get("code")).toBe("the-code");
    expect(form.get("redirect_uri")).toBe(
      "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/",
    );
    const challenge = new URL(sentUrl).searchParams.get("code_challenge");
    expect(
      b64url(
        createHash("sha256")
          .update(form.get("code_verifier") ?? "")
          .digest(),
      ),
    ).toBe(challenge);
  });

  test("an answer carrying another state is not redeemed", async () => {
    const browser = fakeBrowser();
    browser.identity.launchWebAuthFlow.mockResolvedValue(
      "https://x.chromiumapp.org/?code=stolen&state=other",
    );
    const fetchMock = jest.fn();
    const signIn = new EntraSignIn(browser, fetchMock as unknown as typeof fetch, crypto);
    await expect(signIn.interactive(key)).rejects.toMatchObject({ problem: "state-mismatch" });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  test("a closed sign-in window is a cancelled sign-in", async () => {
    const signIn = new EntraSignIn(fakeBrowser(), jest.fn() as unknown as typeof fetch, crypto);
    await expect(signIn.interactive(key)).rejects.toMatchObject({ problem: "cancelled" });
  });

  test("Entra's refusal at the token endpoint is reported with its description", async () => {
    const browser = fakeBrowser();
    browser.identity.launchWebAuthFlow.mockImplementation(
      async ({ url }) =>
        `https://x.chromiumapp.org/?code=c&state=${new URL(url).searchParams.get("state")}`,
    );
    const fetchMock = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: "invalid_grant",
            error_description: "AADSTS65001: consent needed",
          }),
          { status: 400 },
        ),
    );
    const signIn = new EntraSignIn(browser, fetchMock as unknown as typeof fetch, crypto);
    await expect(signIn.interactive(key)).rejects.toMatchObject({
      problem: "refused",
      code: "invalid_grant",
      message: "AADSTS65001: consent needed",
    });
  });

  test("renewal keeps the account and refresh token when Entra sends neither", async () => {
    const fetchMock = jest.fn(
      async () =>
        new Response(JSON.stringify({ access_token: "at2", expires_in: 60 }), { status: 200 }),
    );
    const signIn = new EntraSignIn(
      fakeBrowser(),
      fetchMock as unknown as typeof fetch,
      crypto,
      () => 0,
    );
    const account = { id: "u1", name: "Avery Admin", username: "a@x" };
    await expect(
      signIn.renew(key, { accessToken: "old", expiresAt: 0, refreshToken: "rt", account }),
    ).resolves.toEqual({
      accessToken: "at2",
      expiresAt: 60_000,
      refreshToken: "rt",
      account,
    });
  });
});

describe("the backup service's token, from the same sign-in", () => {
  const account = { id: "u1", name: "Avery Admin", username: "avery@fabrikam.example" };
  const signedIn: SignInSession = {
    accessToken: "ado-at",
    refreshToken: "rt",
    expiresAt: 3_600_000,
    account,
  };

  function setup(answer: () => Response = () => tokenAnswer("svc-at")) {
    const browser = fakeBrowser();
    const fetchMock = jest.fn(async (_url: string, _init?: RequestInit) => answer());
    const entra = new EntraSignIn(browser, fetchMock as unknown as typeof fetch, crypto, () => 0);
    const tokens = new TokenCache(browser, () => 0);
    return { browser, fetchMock, deps: { entra, tokens }, tokens };
  }
  const tokenAnswer = (accessToken: string): Response =>
    new Response(
      JSON.stringify({ access_token: accessToken, refresh_token: "rt2", expires_in: 3600 }),
      { status: 200 },
    );

  test("is asked for with the sign-in's refresh token and the service's scope, then cached in session storage", async () => {
    const { deps, tokens, fetchMock, browser } = setup();
    await tokens.save(key, signedIn);
    await expect(backupServiceToken(deps, key)).resolves.toBe("svc-at");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe(`https://login.microsoftonline.com/${key.tenantId}/oauth2/v2.0/token`);
    const form = new URLSearchParams(String(init?.body));
    expect(Object.fromEntries(form)).toEqual({
      client_id: key.clientId,
      grant_type: "refresh_token",
      refresh_token: "rt",
      scope: `api://${SERVICE_APP.clientId}/Backup.Manage offline_access`,
    });

    await expect(backupServiceToken(deps, key)).resolves.toBe("svc-at");
    expect(fetchMock).toHaveBeenCalledTimes(1); // from the cache
    expect(browser.storage.local.set).not.toHaveBeenCalled();
    const stored = [...browser.storage.session.items.values()].map((v) => JSON.stringify(v));
    expect(stored.filter((v) => v.includes("svc-at"))).toHaveLength(1);
    expect(stored.join()).not.toContain("rt2"); // the service's entry keeps no refresh token
    // The Azure DevOps sign-in is untouched.
    await expect(tokens.accessToken(key)).resolves.toMatchObject({ accessToken: "ado-at" });
  });

  test("is bound to the organization: another organization of the same tenant gets none", async () => {
    const { deps, tokens, fetchMock } = setup();
    await tokens.save(key, signedIn);
    await backupServiceToken(deps, key);
    const contoso = { ...key, organization: "https://dev.azure.com/contoso/" };
    await expect(backupServiceToken(deps, contoso)).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  test("signed out, there is none and Entra is not asked", async () => {
    const { deps, fetchMock } = setup();
    await expect(backupServiceToken(deps, key)).resolves.toBeUndefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  test("forced (after the service answered 401), Entra is asked again", async () => {
    let n = 0;
    const { deps, tokens } = setup(() => tokenAnswer(`svc-${++n}`));
    await tokens.save(key, signedIn);
    await expect(backupServiceToken(deps, key)).resolves.toBe("svc-1");
    await expect(backupServiceToken(deps, key, { forceRefresh: true })).resolves.toBe("svc-2");
    await expect(backupServiceToken(deps, key)).resolves.toBe("svc-2");
  });

  test("Entra's refusal is reported, and does not sign the organization out", async () => {
    const { deps, tokens } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: "invalid_grant",
            error_description: "AADSTS65001: The user or administrator has not consented.",
          }),
          { status: 400 },
        ),
    );
    await tokens.save(key, signedIn);
    await expect(backupServiceToken(deps, key)).rejects.toEqual(
      new SignInError(
        "refused",
        "AADSTS65001: The user or administrator has not consented.",
        "invalid_grant",
      ),
    );
    await expect(tokens.session(key)).resolves.toMatchObject({ accessToken: "ado-at" });
  });

  test("the Azure DevOps session is renewed with its refresh token once expired", async () => {
    const { deps, tokens, fetchMock } = setup(() => tokenAnswer("ado-2"));
    await tokens.save(key, { ...signedIn, expiresAt: 0 });
    await expect(azureDevOpsSession(deps, key)).resolves.toMatchObject({
      accessToken: "ado-2",
      refreshToken: "rt2",
      account,
    });
    const form = new URLSearchParams(String(fetchMock.mock.calls[0]?.[1]?.body));
    expect(form.get("scope")).toBe(SIGN_IN_SCOPES.join(" "));
  });
});
