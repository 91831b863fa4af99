// The PCA question may start before the caller is authenticated (alongside connectionData), but
// its answer counts only for the caller authenticated with that very token, and is then cached per
// (organization, user) as before.
import type { AzureDevOpsClient } from "../../service/azure-devops/client";
import type { Caller } from "../../service/http/authentication";
import { createCollectionAdminCheck } from "../../service/http/authorization";

function azureDevOps(admins: Record<string, boolean>): AzureDevOpsClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    connectionData: () => Promise.reject(new Error("not used")),
    extensionDocuments: () => Promise.resolve([]),
    isCollectionAdmin: (_org, token) => {
      asked.push(token);
      return Promise.resolve(admins[token] === true);
    },
  };
}

const caller = (userId: string, token: string): Caller => ({
  organization: "fabrikam",
  actor: { id: userId, displayName: userId },
  via: "appToken",
  azureDevOpsToken: token,
});

describe("collection admin check started early", () => {
  it("uses the early answer for the caller authenticated with that token, asking once", async () => {
    const ado = azureDevOps({ "token-pca": true });
    const check = createCollectionAdminCheck(ado);
    check.startCheck("fabrikam", "token-pca", "u-pca");
    expect(await check.isCollectionAdmin(caller("u-pca", "token-pca"))).toBe(true);
    expect(ado.asked).toEqual(["token-pca"]);
  });

  it("never gives an answer asked with one token to a caller authenticated with another", async () => {
    // Someone's app token with a PCA's Azure DevOps token: authentication refuses that request,
    // so its early answer is never claimed; the real user's own request asks with their token.
    const ado = azureDevOps({ "token-pca": true, "token-member": false });
    const check = createCollectionAdminCheck(ado);
    check.startCheck("fabrikam", "token-pca", "u-member");
    expect(await check.isCollectionAdmin(caller("u-member", "token-member"))).toBe(false);
    expect(ado.asked).toEqual(["token-pca", "token-member"]);
  });

  it("does not ask again while the user's answer is cached", async () => {
    const ado = azureDevOps({ "token-pca": true });
    const check = createCollectionAdminCheck(ado);
    expect(await check.isCollectionAdmin(caller("u-pca", "token-pca"))).toBe(true);
    check.startCheck("fabrikam", "token-pca-2", "u-pca");
    expect(await check.isCollectionAdmin(caller("u-pca", "token-pca-2"))).toBe(true);
    expect(ado.asked).toEqual(["token-pca"]);
  });
});
