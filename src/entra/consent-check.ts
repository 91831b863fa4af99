// Whether a tenant has consented to the backup app, learnt without a popup: a silent token
// request through the host's nested app auth (docs/platform.md#nested-app-auth). This file is the small typed face
// of the adapter; MSAL itself lives in ./msal-consent-check and is loaded with import() only when a
// check runs, so it never weighs on the hub's first bytes.

/** The redirect URI Azure DevOps brokers nested app auth for; the app must list it as a SPA. */
export const NESTED_APP_AUTH_REDIRECT_URI = "https://dev.azure.com/_public/_MsalPopup";
/** The outcome's code when Entra refuses the app because of how it is registered. */
export const APP_MISREGISTERED = "app_misregistered";

/**
 * Entra's refusals of an app registered otherwise than nested app auth needs: the redirect URI is
 * missing (AADSTS50011), or registered on the Web platform instead of as a SPA (AADSTS9002326).
 */
const MISREGISTERED = /\bAADSTS(50011|9002326)\b/;

/** Whether Entra's error description says the app is registered the wrong way for nested app auth. */
export function isMisregisteredApp(description: string): boolean {
  return MISREGISTERED.test(description);
}

/** What an admin does about it, in their words, with Entra's own message for reference. */
export function misregisteredAppAdvice(clientId: string | undefined, entraSaid: string): string {
  const app = clientId ? `the Entra app ${clientId}` : "the Entra app";
  return (
    `Azure DevOps cannot sign in with ${app}: it is not registered for use inside Azure DevOps. ` +
    `In the Microsoft Entra admin center, open App registrations › the app › Authentication, and ` +
    `register it as a single-page application with the redirect URI ${NESTED_APP_AUTH_REDIRECT_URI} ` +
    `(a Web redirect URI does not work). Entra said: ${entraSaid}`
  );
}

export type ConsentCheckOutcome =
  | { kind: "consented" }
  /** Entra wants consent (or another interaction) first: consent_required, interaction_required. */
  | { kind: "not-consented"; code: string; description: string }
  /** Anything else: the host has no nested app auth, the app is unknown, the network failed… */
  | { kind: "failed"; code: string; description: string };

export interface ConsentCheckRequest {
  clientId: string;
  /**
   * The organization's tenant; the token is asked of it, never of "common". Absent when Azure
   * DevOps did not reveal it: the host's nested app auth then answers for the signed-in user's
   * organization account ("organizations"), which is still this check's question.
   */
  tenantId?: string | undefined;
}

export interface ConsentChecker {
  check(request: ConsentCheckRequest): Promise<ConsentCheckOutcome>;
}

/** What the MSAL module exports; one client per client id, kept in memory. */
export interface ConsentProbeModule {
  probeConsent(request: ConsentCheckRequest): Promise<ConsentCheckOutcome>;
}

/**
 * @param enableBridge turns on the host's nested app auth bridge (SDK.enableNestedAppAuth); it is
 *   called once, before the first check.
 * @param loadProbe loads the MSAL module; tests pass a fake.
 */
export function createConsentChecker(
  enableBridge: () => Promise<void>,
  loadProbe: () => Promise<ConsentProbeModule> = () =>
    import(/* webpackChunkName: "msal" */ "./msal-consent-check"),
): ConsentChecker {
  let bridge: Promise<void> | undefined;
  return {
    async check(request) {
      try {
        bridge ??= enableBridge();
        await bridge;
      } catch (e) {
        bridge = undefined; // a later check tries again
        return {
          kind: "failed",
          code: "nested_app_auth_unavailable",
          description: e instanceof Error ? e.message : String(e),
        };
      }
      let probe: ConsentProbeModule;
      try {
        probe = await loadProbe();
      } catch (e) {
        return {
          kind: "failed",
          code: "load_failed",
          description: `The sign-in library could not be loaded (${e instanceof Error ? e.message : String(e)}).`,
        };
      }
      return probe.probeConsent(request);
    },
  };
}
