// The browser extension's way in: an Entra access token for the service app, verified against
// the (fake) authority's keys over HTTPS with its certificate trusted by configuration only.
import { SERVICE_APP } from "../../src/core/app-profile";
import { AZURE_DEVOPS_TOKEN_HEADER } from "../../src/core/service-api";
import { type Harness, send, startHarness } from "./support/service-harness";
import { startService } from "../../service/app";

const ADO = AZURE_DEVOPS_TOKEN_HEADER.toLowerCase();
const SCOPE = `api://${SERVICE_APP.clientId}/user_impersonation`;

describe("Entra access tokens", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("sqlite", "entra", {});
  });
  afterAll(async () => h?.stop());

  function entraToken(userId: string): string {
    const user = h.emulator.users.find((u) => u.id === userId)!;
    h.emulator.entra.grantUserConsent({
      tenantId: h.emulator.organization.tenantId,
      clientId: SERVICE_APP.clientId,
      userId: user.id,
      scopes: [SCOPE],
    });
    const issued = h.emulator.entra.issueTokenFor({
      userId,
      clientId: SERVICE_APP.clientId,
      scopes: [SCOPE],
    });
    if (!issued.ok) throw new Error(issued.description);
    return issued.accessToken;
  }

  /** GET /state with the PCA's Entra token and `adoUser`'s Azure DevOps token. */
  function stateRequest(adoUser: string) {
    return {
      method: "GET" as const,
      url: h.url("/state"),
      headers: {
        authorization: `Bearer ${entraToken(h.users.pca)}`,
        [ADO]: h.emulator.issueToken(adoUser),
      },
    };
  }

  test("is accepted with the caller's own Azure DevOps token when the authority's certificate is configured", async () => {
    const service = await startService(
      { ...h.config, entraCaCertificate: h.emulator.entraCertificate },
      { logger: false },
    );
    try {
      const res = await send(service.url, stateRequest(h.users.pca));
      expect(res.statusCode).toBe(200);
      expect(res.json().caller).toEqual({
        actor: expect.objectContaining({ id: h.users.pca }),
        isCollectionAdmin: true,
      });
      const mismatch = await send(service.url, stateRequest(h.users.member));
      expect(mismatch.statusCode).toBe(401);
    } finally {
      await service.stop();
    }
  });

  test("is refused when the authority's self-signed certificate is not configured (never trusted by default)", async () => {
    const res = await h.inject(stateRequest(h.users.pca));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("unauthenticated");
  });
});
