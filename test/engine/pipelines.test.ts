// Pipelines: back up the seeded project (definitions with their revisions, task group, variable
// group with a secret, environment, deployment group, service connection, retention), restore into
// an empty project of another organization and compare field by field; a second run with nothing
// changed stores under 1%; a new revision is the only thing fetched again.
import { backupPipelines, restorePipelines } from "../../service/engine/pipelines";
import { AreaClient } from "../../service/engine/pipelines/area-client";
import { PipelinesApi, type Json } from "../../service/engine/pipelines/pipelines-api";
import type { DataBackupResult } from "../../service/engine/pipelines/data-run";
import { bearer, useEngineRig, RECOVERED, restoreTarget } from "./support";

jest.setTimeout(60_000);

let sourceApi: PipelinesApi;
let targetApi: PipelinesApi;
const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

const rig = useEngineRig("pipelines");

beforeAll(async () => {
  sourceApi = new PipelinesApi(new AreaClient(rig.source.orgUrl, bearer(rig.source)));
  targetApi = new PipelinesApi(new AreaClient(rig.target.orgUrl, bearer(rig.target)));
});

const backup = (): Promise<DataBackupResult> =>
  backupPipelines({
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    store: rig.store,
    project: FIBER,
  });

let first: DataBackupResult;

test("a first run keeps every definition revision and library item, and says secrets could not be read", async () => {
  first = await backup();
  expect(first.storage.bytesWritten).toBeGreaterThan(0);
  expect(first.notes).toEqual(
    expect.arrayContaining([
      "Variable group fiber-shared: the values of sqlPassword are secret and cannot be read; their names are kept.",
      "Definition fiber-ci: the values of secret variables signingKey cannot be read; their names are kept.",
      "Service connection fabrikam-azure-prod: its credentials cannot be read; its definition is kept without them.",
    ]),
  );
});

test("a second run with nothing changed stores under 1% and reads only the lists", async () => {
  const second = await backup();
  expect(second.storage.bytesWritten / first.storage.bytesWritten).toBeLessThan(0.01);
  expect(second.storage.objectsWritten).toBe(0);
  expect(second.requests).toBeLessThan(first.requests / 2);
});

test("a new revision of one definition is the only revision fetched again", async () => {
  const [ci] = (await sourceApi.buildDefinitions(FIBER.name)).filter((d) => d.name === "fiber-ci");
  const body = await sourceApi.buildDefinition(FIBER.name, ci?.id ?? 0, ci?.revision ?? 0);
  await sourceApi.updateBuildDefinition(FIBER.name, ci?.id ?? 0, {
    ...body,
    buildNumberFormat: "fiber-$(rev:r)",
  });
  const third = await backup();
  expect(third.storage.objectsWritten).toBe(2); // the new revision's body and the index
});

test("a long list of definitions is read page after page through the continuation token", async () => {
  const client = new AreaClient(rig.source.orgUrl, bearer(rig.source));
  const before = client.transport.stats.requests;
  const all = await client.getAll<{ id: number }>(`${FIBER.id}/_apis/build/definitions`, {
    $top: 2,
  });
  expect(all.map((d) => d.id)).toEqual(
    (await sourceApi.buildDefinitions(FIBER.id)).map((d) => d.id),
  );
  expect(all).toHaveLength(5);
  expect(client.transport.stats.requests - before).toBe(3);
});

/** A definition as a user compares it: references by name, the server's own fields left out. */
async function comparable(api: PipelinesApi, project: string, body: Json): Promise<Json> {
  const [queues, groups, taskGroups] = await Promise.all([
    api.agentQueues(project),
    api.variableGroups(project),
    api.taskGroups(project),
  ]);
  const nameOf = (xs: { id: unknown; name: string }[], id: unknown): string =>
    xs.find((x) => String(x.id) === String(id))?.name ?? `missing ${String(id)}`;
  const out: Json = JSON.parse(JSON.stringify(body)) as Json;
  for (const f of [
    "id",
    "revision",
    "project",
    "authoredBy",
    "createdDate",
    "comment",
    "url",
    "uri",
    "_links",
    "createdBy",
    "modifiedOn",
  ])
    delete out[f];
  if (out.queue) out.queue = nameOf(queues, (out.queue as { id: number }).id);
  if (Array.isArray(out.variableGroups))
    out.variableGroups = (out.variableGroups as ({ id: number } | number)[]).map((g) =>
      nameOf(groups, typeof g === "number" ? g : g.id),
    );
  for (const phase of (out.process as { phases?: { steps: Json[] }[] } | undefined)?.phases ?? [])
    for (const s of phase.steps) {
      const task = s.task as { id: string; definitionType: string };
      if (task.definitionType === "metaTask") task.id = nameOf(taskGroups, task.id);
    }
  delete (out.repository as Json | undefined)?.id;
  return out;
}

test("restore: the plan changes nothing, then apply recreates everything in dependency order", async () => {
  // The target has its own service connection: the mapping file points the source's at it.
  const connection = await new AreaClient(rig.target.orgUrl, bearer(rig.target)).send<{
    id: string;
  }>("POST", "_apis/serviceendpoint/endpoints", {
    name: "northwind-azure",
    type: "azurerm",
    url: "https://management.azure.com/",
    authorization: { scheme: "ServicePrincipal", parameters: { serviceprincipalkey: "x" } },
    serviceEndpointProjectReferences: [
      { name: "northwind-azure", projectReference: { id: RECOVERED.id } },
    ],
  });
  // Repos were restored first: the definitions build the target's fiber-app.
  const repository = await new AreaClient(rig.target.orgUrl, bearer(rig.target)).send<{
    id: string;
  }>("POST", `${RECOVERED.id}/_apis/git/repositories`, {
    name: "fiber-app",
    project: { id: RECOVERED.id },
  });
  const restore = await restorePipelines({
    store: rig.store,
    sourceProjectId: FIBER.id,
    target: restoreTarget(rig),
    mapping: { serviceConnections: { "fabrikam-azure-prod": "northwind-azure" } },
  });
  expect(restore.plan.items.map((i) => i.kind)).toEqual([
    "taskGroup",
    "variableGroup",
    "environment",
    "deploymentGroup",
    ...Array<string>(5).fill("buildDefinition"),
    "releaseDefinition",
    "retention",
  ]);
  expect(restore.plan.notRestored.join("\n")).toContain(
    "secret values of sqlPassword were never readable",
  );
  expect(await targetApi.buildDefinitions(RECOVERED.id)).toEqual([]); // a dry run changed nothing

  const result = await restore.apply();
  expect(result.failed).toEqual([]);
  expect(result.created).toHaveLength(11);

  // Definitions: same revisions count, and the newest revision equal field by field.
  for (const [list, revisions, body] of [
    [
      (api: PipelinesApi, p: string) => api.buildDefinitions(p),
      (api: PipelinesApi, p: string, id: number) => api.buildRevisions(p, id),
      (api: PipelinesApi, p: string, id: number, r: number) => api.buildDefinition(p, id, r),
    ],
    [
      (api: PipelinesApi, p: string) => api.releaseDefinitions(p),
      (api: PipelinesApi, p: string, id: number) => api.releaseRevisions(p, id),
      (api: PipelinesApi, p: string, id: number, r: number) => api.releaseDefinition(p, id, r),
    ],
  ] as const) {
    const before = await list(sourceApi, FIBER.name);
    const after = await list(targetApi, RECOVERED.name);
    expect(after.map((d) => d.name).sort()).toEqual(before.map((d) => d.name).sort());
    for (const d of before) {
      const restored = after.find((a) => a.name === d.name);
      expect((await revisions(targetApi, RECOVERED.name, restored?.id ?? 0)).length).toBe(
        (await revisions(sourceApi, FIBER.name, d.id)).length,
      );
      const was = await comparable(
        sourceApi,
        FIBER.name,
        await body(sourceApi, FIBER.name, d.id, d.revision),
      );
      const now = await comparable(
        targetApi,
        RECOVERED.name,
        await body(targetApi, RECOVERED.name, restored?.id ?? 0, restored?.revision ?? 0),
      );
      if (d.name === "fiber-release") {
        // The deploy step's connection is the mapped one; the artifact is the restored fiber-ci.
        const sourceConnection = String((await sourceApi.serviceConnections(FIBER.name))[0]?.id);
        const swap = (x: Json, id: string): Json =>
          JSON.parse(JSON.stringify(x).split(id).join("CONNECTION")) as Json;
        const [wasN, nowN] = [swap(was, sourceConnection), swap(now, connection.id)];
        expect(JSON.stringify(now)).not.toContain("seeded-secret");
        const restoredCi =
          after.length > 0
            ? (await targetApi.buildDefinitions(RECOVERED.name)).find((b) => b.name === "fiber-ci")
            : undefined;
        const refs = [wasN, nowN].map(
          (x) => (x.artifacts as { definitionReference: Json }[])[0]?.definitionReference as Json,
        );
        expect((refs[1]?.definition as Json).id).toBe(String(restoredCi?.id));
        for (const r of refs) {
          delete (r.definition as Json).id;
          delete r.project;
        }
        expect(nowN).toEqual(wasN);
      } else expect(now).toEqual(was);
    }
  }

  for (const d of await targetApi.buildDefinitions(RECOVERED.name)) {
    const body = await targetApi.buildDefinition(RECOVERED.name, d.id, d.revision);
    expect(body.repository).toMatchObject({ type: "TfsGit", id: repository.id, name: "fiber-app" });
  }

  // Library: the same names and content; the secret's name is there, its value is not.
  const [group] = await targetApi.variableGroups(RECOVERED.name);
  expect(group?.name).toBe("fiber-shared");
  expect(group?.variables).toEqual({
    environmentName: { value: "production", isSecret: false },
    sqlServer: { value: "fabrikam-sql.database.windows.net", isSecret: false },
    sqlPassword: { value: null, isSecret: true },
  });
  const [tg] = await targetApi.taskGroups(RECOVERED.name);
  const [sourceTg] = await sourceApi.taskGroups(FIBER.name);
  expect(tg?.tasks).toEqual(sourceTg?.tasks);
  expect((await targetApi.environments(RECOVERED.name)).map((e) => e.name)).toEqual(["production"]);
  expect((await targetApi.deploymentGroups(RECOVERED.name)).map((e) => e.name)).toEqual([
    "fiber-web-servers",
  ]);
  expect(await targetApi.retention(RECOVERED.name)).toEqual(await sourceApi.retention(FIBER.name));
});

test("a second restore never overwrites: every name is taken, so each item is created beside it", async () => {
  const again = await restorePipelines({
    store: rig.store,
    sourceProjectId: FIBER.id,
    target: restoreTarget(rig),
  });
  expect(again.plan.items.find((i) => i.kind === "buildDefinition")?.targetName).toMatch(
    /\(restored\)$/,
  );
  const result = await again.apply();
  expect(result.failed).toEqual([]);
  expect(result.skipped.map((s) => s.kind)).toEqual(["retention"]);
  expect((await targetApi.variableGroups(RECOVERED.name)).map((g) => g.name).sort()).toEqual([
    "fiber-shared",
    "fiber-shared (restored)",
  ]);
});

test("resetting the emulator brings back its seeded Pipelines (a target empties again)", async () => {
  rig.target.reset();
  rig.source.reset();
  const after = new PipelinesApi(new AreaClient(rig.target.orgUrl, bearer(rig.target)));
  expect(await after.buildDefinitions(RECOVERED.id)).toEqual([]);
  const seeded = new PipelinesApi(new AreaClient(rig.source.orgUrl, bearer(rig.source)));
  const ci = (await seeded.buildDefinitions(FIBER.id)).find((d) => d.name === "fiber-ci");
  expect(ci?.revision).toBe(4);
});
