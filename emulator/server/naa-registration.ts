// Nested app auth works only for an Entra app registered as a single-page application with the
// redirect URI the Azure DevOps host brokers for (azure-devops-extension-sdk 5 README, "Nested App
// Authentication": register a SPA, add https://dev.azure.com/_public/_MsalPopup). What Entra
// answers otherwise (CONTRACT.md "Nested app auth"):
// - the URI is not registered at all: AADSTS50011, the redirect URI does not match;
// - it is registered, but on the Web platform: AADSTS9002326, cross-origin token redemption is
//   permitted only for the Single-Page Application client type.
import type { FixtureEntraApp } from "../fixtures/types";

export const MSAL_POPUP_REDIRECT_URI = "https://dev.azure.com/_public/_MsalPopup";
/** The origin that redeems the code when the host brokers the token. */
const BROKER_ORIGIN = "https://dev.azure.com";

export interface OAuthRefusal {
  error: string;
  error_description: string;
}

/** Why Entra refuses this app a token through the host's nested app auth; undefined when it would not. */
export function nestedAppAuthRefusal(app: FixtureEntraApp): OAuthRefusal | undefined {
  if (app.spaRedirectUris?.includes(MSAL_POPUP_REDIRECT_URI)) return undefined;
  if (app.redirectUris?.includes(MSAL_POPUP_REDIRECT_URI)) {
    return {
      error: "invalid_request",
      error_description: `AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${BROKER_ORIGIN}'.`,
    };
  }
  return {
    error: "invalid_request",
    error_description: `AADSTS50011: The redirect URI '${MSAL_POPUP_REDIRECT_URI}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  };
}
