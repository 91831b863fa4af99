// The one-time import of an organization's former extension-data scope: written here through
// the emulator's extension-data REST API as the hub used to, then read by the service with the
// first PCA's own token. The audit collection is never believed; a corrupt document is reported.
import { randomUUID } from "node:crypto";
import { storedAppProfile, customAppProfile } from "../../src/core/app-profile";
import {
  SCHEMA_VERSION,
  shardIdOf,
  storedEntry,
  storedSettings,
} from "../../src/core/scope-schema";
import type { HistoryPage, OrganizationStateWire } from "../../src/core/service-api";
import { type Harness, STORES, startHarness } from "./support/service-harness";

const EXTENSION_MANAGEMENT_AREA = "6c2b0933-3600-42ae-bf8b-93d4f7e83594";

async function writeDocuments(
  h: Harness,
  userId: string,
  collection: string,
  docs: Record<string, unknown>[],
): Promise<void> {
  const token = h.emulator.issueToken(userId);
  const headers = {
    authorization: `Bearer ${token}`,
    accept: "application/json;api-version=7.1",
    "content-type": "application/json",
  };
  const area = await (
    await fetch(`${h.emulator.orgUrl}/_apis/resourceAreas/${EXTENSION_MANAGEMENT_AREA}`, {
      headers,
    })
  ).json();
  const base = String(area.locationUrl).replace(/\/+$/, "");
  const url = `${base}/_apis/ExtensionManagement/InstalledExtensions/ado-backup/backup-enablement/Data/Scopes/Default/Current/Collections/${collection}/Documents`;
  for (const doc of docs) {
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(doc) });
    expect(res.status).toBe(201);
  }
}

describe.each(STORES)("import of extension data on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, `import_${kind}`);
  });
  afterAll(async () => h?.stop());

  const get = async <T>(path: string, userId: string): Promise<T> => {
    const res = await h.inject({ method: "GET", url: h.url(path), headers: h.headersOf(userId) });
    expect(res.statusCode).toBe(200);
    return res.json() as T;
  };

  test("the first PCA read imports scope, rule and app profile once; audit documents and corrupt ones are not imported", async () => {
    const [kept] = h.emulator.state.sortedProjects();
    const by = { id: "someone", displayName: "Earlier Admin" };
    const entry = {
      projectId: kept!.id,
      name: kept!.name,
      choice: "included" as const,
      dataTypes: ["repos" as const],
      changedBy: by,
      changedAt: "2026-01-01T00:00:00.000Z",
      opId: "old-op",
    };
    const goodShard = shardIdOf(kept!.id);
    const badShard = ["shard-0", "shard-1"].find((s) => s !== goodShard)!;
    await writeDocuments(h, h.users.member, "backup-scope", [
      {
        id: "settings",
        ...storedSettings({
          includeNewProjects: true,
          defaultDataTypes: ["repos", "boards"],
          changedBy: by,
          changedAt: "2026-01-01T00:00:00.000Z",
          opId: "old-settings",
        }),
      },
      {
        id: goodShard,
        schemaVersion: SCHEMA_VERSION,
        projects: { [kept!.id]: storedEntry(entry) },
      },
      { id: badShard, schemaVersion: SCHEMA_VERSION, projects: "not projects" },
      {
        ...storedAppProfile(customAppProfile("0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30"), {
          actor: by,
          at: "2026-01-01T00:00:00.000Z",
          opId: "old-profile",
        }),
      },
    ]);
    // Anyone could have written the audit collection: it must not show up in the history.
    await writeDocuments(h, h.users.member, "backup-audit", [
      {
        id: randomUUID(),
        schemaVersion: SCHEMA_VERSION,
        opId: "forged",
        part: 1,
        parts: 1,
        by: { id: "x", displayName: "Forged" },
        at: "2026-01-02T00:00:00.000Z",
        changes: [],
      },
    ]);

    const asMember = await get<OrganizationStateWire>("/state", h.users.member);
    expect(asMember.scope.entries).toEqual([]); // a member's read imports nothing

    const asAdmin = await get<OrganizationStateWire>("/state", h.users.pca);
    expect(asAdmin.scope.entries).toEqual([
      expect.objectContaining({ projectId: kept!.id, opId: "old-op", dataTypes: ["repos"] }),
    ]);
    expect(asAdmin.scope.settings).toMatchObject({
      includeNewProjects: true,
      defaultDataTypes: ["repos", "boards"],
      opId: "old-settings",
    });
    expect(asAdmin.appProfile).toMatchObject({
      profile: { kind: "custom", clientId: "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30" },
      opId: "old-profile",
    });

    const history = await get<HistoryPage>("/history", h.users.member);
    expect(history.records).toHaveLength(1);
    expect(history.records[0]).toMatchObject({
      by: { id: h.users.pca },
      imported: {
        from: "extensionData",
        documents: 4,
        problems: [expect.stringContaining(badShard)],
      },
      changes: [expect.objectContaining({ projectId: kept!.id })],
    });

    // Extension data is never read again for this organization.
    await writeDocuments(h, h.users.member, "backup-scope", [
      { id: "shard-7-extra", schemaVersion: SCHEMA_VERSION, projects: {} },
    ]);
    const later = await get<OrganizationStateWire>("/state", h.users.pca2);
    expect(later.scope.entries).toHaveLength(1);
    expect((await get<HistoryPage>("/history", h.users.pca)).records).toHaveLength(1);
  });
});
