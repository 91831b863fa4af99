import { AuthError, InteractionRequiredAuthError } from "@azure/msal-browser";
import { outcomeOf } from "../../src/entra/msalConsentCheck";

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
});
