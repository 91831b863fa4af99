import { AuthError, InteractionRequiredAuthError } from "@azure/msal-browser";
import { outcomeOf } from "../../src/entra/msal-consent-check";

describe("MSAL errors as consent outcomes", () => {
  it("reads consent_required and interaction_required as not consented yet", () => {
    expect(
      outcomeOf(
        new InteractionRequiredAuthError("consent_required", "", "AADSTS65001: no consent"),
      ),
    ).toEqual({
      kind: "not-consented",
      code: "consent_required",
      description: "AADSTS65001: no consent",
    });
    expect(outcomeOf(new InteractionRequiredAuthError("interaction_required", "", "x")).kind).toBe(
      "not-consented",
    );
  });

  it("reads anything else as could not check, with why", () => {
    expect(outcomeOf(new AuthError("invalid_client", "", "AADSTS700016: not found"))).toEqual({
      kind: "failed",
      code: "invalid_client",
      description: "AADSTS700016: not found",
    });
    expect(outcomeOf(new Error("boom"))).toMatchObject({ kind: "failed", description: "boom" });
  });

  it("explains an app not registered as a single-page app with Azure DevOps' redirect URI, in words an admin can act on", () => {
    for (const entraSaid of [
      "AADSTS50011: The redirect URI 'https://dev.azure.com/_public/_MsalPopup' specified in the request does not match the redirect URIs configured for the application 'x'.",
      "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'https://dev.azure.com'.",
    ]) {
      const outcome = outcomeOf(
        new AuthError("invalid_request", "", entraSaid),
        "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30",
      );
      expect(outcome).toMatchObject({ kind: "failed", code: "app_misregistered" });
      if (outcome.kind !== "failed") throw new Error("unreachable");
      expect(outcome.description).toContain(
        "register it as a single-page application with the redirect URI https://dev.azure.com/_public/_MsalPopup",
      );
      expect(outcome.description).toContain("0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30");
      expect(outcome.description).toContain(entraSaid);
    }
  });
});
