// The authorization_code grant: redeems a code once, for the app and redirect URI it was issued
// to, with the PKCE verifier that matches its challenge (RFC 7636 S256).
import type { EntraApp } from "./directory";
import type { OAuthError } from "./replies";
import type { AuthorityState, CodeGrant } from "./state";
import { pkceChallenge } from "./tokens";

type CodeRedemption = { ok: true; grant: CodeGrant } | ({ ok: false } & OAuthError);

const invalidGrant = (description: string): CodeRedemption => ({
  ok: false,
  error: "invalid_grant",
  description,
});

export function redeemCode(
  state: AuthorityState,
  app: EntraApp,
  form: URLSearchParams,
): CodeRedemption {
  const code = form.get("code") ?? "";
  const grant = state.codes.get(code);
  if (!grant)
    return invalidGrant(
      "AADSTS70000: The provided authorization code is invalid or was already redeemed.",
    );
  state.codes.delete(code); // a code is redeemed once
  if (grant.expiresAt <= state.now())
    return invalidGrant("AADSTS70008: The provided authorization code has expired.");
  if (grant.clientId !== app.clientId)
    return invalidGrant("AADSTS700005: The authorization code was issued to another application.");
  if (form.get("redirect_uri") !== grant.redirectUri) {
    return invalidGrant(
      "AADSTS50011: The redirect_uri does not match the one the authorization code was issued for.",
    );
  }
  const verifier = form.get("code_verifier");
  if (!verifier) {
    return {
      ok: false,
      error: "invalid_request",
      description:
        "AADSTS900144: The request body must contain the following parameter: 'code_verifier'.",
    };
  }
  if (pkceChallenge(verifier) !== grant.codeChallenge) {
    return invalidGrant(
      "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    );
  }
  return { ok: true, grant };
}
