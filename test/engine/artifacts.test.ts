// Artifacts: back up the seeded feeds (views, permissions, upstream sources, npm, NuGet, Maven,
// Python and Universal packages), restore into an empty project of another organization, and compare what a
// user would: feed settings, views, permissions, each version's file byte for byte and the views
// it is in. Incremental through the feed change watermarks: nothing changed stores under 1%; a new
// version is the only file downloaded.
import { join } from "node:path";
import {
  backupArtifacts,
  describeArtifactsPlan,
  ORGANIZATION_SCOPE,
  restoreArtifacts,
} from "../../service/engine/artifacts";
import {
  ArtifactsApi,
  MULTI_FILE_PROTOCOLS,
  type FeedInfo,
  type PackageVersionInfo,
} from "../../service/engine/artifacts/artifacts-api";
import { AreaClient } from "../../service/engine/pipelines/area-client";
import type { DataBackupResult } from "../../service/engine/pipelines/data-run";
import type { ArtifactsIndex } from "../../service/engine/artifacts/artifacts-index";
import { backupArtifactsData } from "../../service/engine/artifacts/backup";
import { latestDataSnapshot } from "../../service/engine/pipelines/data-snapshot";
import { ContentStore } from "../../service/engine/storage/content-store";
import { mavenFiles, npmTarball, pythonFiles } from "../../emulator/artifacts";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { bearer, useEngineRig, RECOVERED, restoreTarget } from "./support";

jest.setTimeout(60_000);

let sourceApi: ArtifactsApi;
let targetApi: ArtifactsApi;
const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };
const ORGANIZATION = { id: ORGANIZATION_SCOPE, name: "organization feeds" };

const rig = useEngineRig("artifacts");

beforeAll(async () => {
  sourceApi = new ArtifactsApi(new AreaClient(rig.source.orgUrl, bearer(rig.source)));
  targetApi = new ArtifactsApi(new AreaClient(rig.target.orgUrl, bearer(rig.target)));
});

const backup = (project = FIBER): Promise<DataBackupResult> =>
  backupArtifacts({
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    store: rig.store,
    project,
  });

let first: DataBackupResult;

test("a first run keeps every feed setting and package file, and says which files REST cannot serve", async () => {
  rig.source.clearRequestLog();
  first = await backup();
  expect(first.notes).toEqual([
    "UPack package fiber-assets 0.3.0 in fiber-packages: its files are served only through the Artifact tool, not REST; the version is recorded without them.",
  ]);
});

test("a Maven file is answered with a 303 to its signed blob on another host, which the engine reads without its token", async () => {
  const log = rig.source.requestLog;
  const downloads = log.filter((r) => /\/maven\/.+\/content$/i.test(r.path));
  const blobs = log.filter((r) => r.path.includes("/_apis/blobs/"));
  expect(downloads.length).toBe(2); // fiber-core 3.0.0's .jar and .pom
  expect(downloads.every((r) => r.origin === "pkgs" && r.status === 303)).toBe(true);
  // The blob storage refuses a request that brings an Authorization header (400): these came without.
  expect(blobs.map((r) => `${r.origin} ${r.status}`)).toEqual(["feeds 200", "feeds 200"]);
  expect(blobs.every((r) => r.userId === null)).toBe(true);

  // Asked by hand: the Location is on another host; with the Azure DevOps token it is refused.
  const token = await bearer(rig.source)(false);
  const answer = await fetch(
    `${rig.source.areaUrls.pkgs}/${FIBER.id}/_apis/packaging/feeds/fiber-packages/maven/com.fabrikam/fiber-core/3.0.0/fiber-core-3.0.0.pom/content`,
    { headers: { Authorization: token }, redirect: "manual" },
  );
  expect(answer.status).toBe(303);
  const location = answer.headers.get("location") ?? "";
  expect(new URL(location).origin).toBe(new URL(rig.source.areaUrls.feeds).origin);
  expect((await fetch(location, { headers: { Authorization: token } })).status).toBe(400);
  const pom = mavenFiles("com.fabrikam", "fiber-core", "3.0.0").find((f) =>
    f.name.endsWith(".pom"),
  );
  expect(Buffer.from(await (await fetch(location)).arrayBuffer())).toEqual(pom?.content);
});

test("a second run with nothing changed reads only the feed changes and stores under 1%", async () => {
  const second = await backup();
  expect(second.storage.objectsWritten).toBe(0);
  expect(second.storage.bytesWritten / first.storage.bytesWritten).toBeLessThan(0.01);
  expect(second.requests).toBeLessThanOrEqual(2); // the resource area's location and feedchanges
});

test("a newly published version is the only file downloaded", async () => {
  const tarball = npmTarball("@fabrikam/fiber-ui", "1.2.0", "Fabrikam fiber components");
  await sourceApi.publish("npm", {
    scope: FIBER.id,
    feedName: "fiber-packages",
    name: "@fabrikam/fiber-ui",
    version: "1.2.0",
    fileName: "fiber-ui-1.2.0.tgz",
    bytes: tarball,
    description: "Fabrikam fiber components",
  });
  const third = await backup();
  expect(third.storage.bytesWritten).toBeGreaterThan(tarball.length);
  expect(third.storage.objectsWritten).toBe(3); // the tarball, the version as listed, the index
});

test("a deleted version is kept, marked deleted, with its file; only the change is stored", async () => {
  await new AreaClient(rig.source.orgUrl, bearer(rig.source)).send(
    "DELETE",
    `${FIBER.id}/_apis/packaging/feeds/fiber-packages/nuget/packages/Fabrikam.Fiber.Core/versions/2.0.0`,
    undefined,
    "4c83cfc1-f33a-477e-a789-29d38ffca52e",
  );
  const fourth = await backup();
  expect(fourth.storage.objectsWritten).toBe(2); // the version as listed now, and the index
  const latest = await latestDataSnapshot(rig.store, "artifacts", FIBER.id);
  const index = await new ContentStore(rig.store).getJson<ArtifactsIndex>(
    latest?.snapshot.index ?? "",
  );
  const deleted = index.feeds[0]?.packages
    .find((p) => p.name === "Fabrikam.Fiber.Core")
    ?.versions.find((v) => v.version === "2.0.0");
  expect(deleted).toMatchObject({
    isDeleted: true,
    file: { name: "fabrikam.fiber.core.2.0.0.nupkg" },
  });
});

test("a Python file added to a version and a Maven version promoted: only the new file is downloaded", async () => {
  // Another wheel of the same version (other bytes: the same bytes would be stored once).
  const extra = pythonFiles("fabrikam_fiber_tools_py2", "0.9.0")[0]?.content ?? Buffer.alloc(0);
  const wheel = "fabrikam_fiber_tools-0.9.0-py2.py3-none-any.whl";
  await sourceApi.publish("pypi", {
    scope: FIBER.id,
    feedName: "fiber-packages",
    name: "fabrikam-fiber-tools",
    version: "0.9.0",
    fileName: wheel,
    bytes: extra,
    description: "Fabrikam fiber tools",
  });
  const [feed] = await sourceApi.feeds(FIBER.id);
  await sourceApi.promote(
    FIBER.id,
    feed?.id ?? "",
    "Maven",
    "com.fabrikam:fiber-core",
    "3.0.0",
    "Validated",
  );
  const fifth = await backup();
  // The new wheel, the two versions as listed now, and the index: the .jar and .pom are not read again.
  expect(fifth.storage.objectsWritten).toBe(4);
  const latest = await latestDataSnapshot(rig.store, "artifacts", FIBER.id);
  const index = await new ContentStore(rig.store).getJson<ArtifactsIndex>(
    latest?.snapshot.index ?? "",
  );
  const tools = index.feeds[0]?.packages.find((p) => p.name === "fabrikam-fiber-tools");
  expect(tools?.versions[0]?.files?.map((f) => f.name)).toEqual([
    "fabrikam_fiber_tools-0.9.0-py3-none-any.whl",
    "fabrikam_fiber_tools-0.9.0.tar.gz",
    wheel,
  ]);
});

test("a file that could not be downloaded is tried again on the next run, though nothing changed", async () => {
  class FlakyApi extends ArtifactsApi {
    failing = true;
    override downloadFile(...args: Parameters<ArtifactsApi["downloadFile"]>): Promise<Buffer> {
      if (this.failing && args[5].endsWith(".jar"))
        return Promise.reject(new Error("503 Service Unavailable"));
      return super.downloadFile(...args);
    }
  }
  const api = new FlakyApi(new AreaClient(rig.source.orgUrl, bearer(rig.source)));
  const content = new ContentStore(new LocalFolderStore(join(rig.dir.path, "flaky")));
  const firstRun = await backupArtifactsData(api, FIBER.id, content, undefined);
  expect(firstRun.notes).toContain(
    "com.fabrikam:fiber-core 3.0.0 in fiber-packages could not be downloaded: 503 Service Unavailable",
  );
  const maven = (i: ArtifactsIndex): unknown =>
    i.feeds[0]?.packages
      .find((p) => p.protocolType === "Maven")
      ?.versions[0]?.files?.map((f) => f.name);
  expect(maven(firstRun)).toBeUndefined();
  api.failing = false;
  const secondRun = await backupArtifactsData(api, FIBER.id, content, firstRun);
  expect(maven(secondRun)).toEqual(["fiber-core-3.0.0.jar", "fiber-core-3.0.0.pom"]);
  expect(secondRun.notes.some((n) => n.includes("fiber-core"))).toBe(false);
});

async function versionsOf(
  api: ArtifactsApi,
  scope: string,
  feed: FeedInfo,
): Promise<Record<string, { views: string[]; files: Record<string, string> }>> {
  const out: Record<string, { views: string[]; files: Record<string, string> }> = {};
  const { changes } = await api.packageChanges(scope, feed.id, 0);
  for (const c of changes) {
    if (c.packageVersionChange.changeType === "delete") continue; // in the recycle bin: not restored
    const v: PackageVersionInfo = c.packageVersionChange.packageVersion;
    const { protocolType, name } = c.package;
    const files: Record<string, string> = {};
    if (MULTI_FILE_PROTOCOLS.has(protocolType.toLowerCase()))
      for (const f of v.files ?? [])
        files[f.name] = (
          await api.downloadFile(scope, feed.id, protocolType, name, v.version, f.name)
        ).toString("base64");
    else {
      const bytes = await api.download(scope, feed.id, protocolType, name, v.version);
      if (bytes) files.content = bytes.toString("base64");
    }
    out[`${protocolType} ${name} ${v.version}`] = {
      views: (v.views ?? []).map((x) => x.name).sort(),
      files,
    };
  }
  return out;
}

test("restore: the plan says what cannot come back, then the feed and its packages are recreated", async () => {
  const permissions = await sourceApi.permissions(FIBER.id, "fiber-packages");
  const restore = await restoreArtifacts({
    store: rig.store,
    sourceProjectId: FIBER.id,
    target: restoreTarget(rig),
    mapping: {
      users: Object.fromEntries(
        permissions.map((p) => [p.identityDescriptor, p.identityDescriptor]),
      ),
    },
  });
  const text = describeArtifactsPlan(restore.plan);
  expect(text).toContain("skip UPack fiber-assets 0.3.0 — its files were not readable by REST");
  expect(text).toContain("republish npm @fabrikam/fiber-ui 1.0.0 → Release");
  expect(text).toContain("skip NuGet Fabrikam.Fiber.Core 2.0.0 — deleted in the source");
  expect(text).toContain("republish Maven com.fabrikam:fiber-core 3.0.0 → Validated");
  expect(text).toContain("republish PyPI fabrikam-fiber-tools 0.9.0");
  expect(await targetApi.feeds(RECOVERED.id)).toEqual([]); // the dry run changed nothing

  const result = await restore.apply();
  expect(result.failed).toEqual([]);
  expect(result.republished).toBe(6);

  const [was] = await sourceApi.feeds(FIBER.id);
  const [now] = await targetApi.feeds(RECOVERED.id);
  for (const f of [
    "name",
    "description",
    "upstreamEnabled",
    "hideDeletedPackageVersions",
    "badgesEnabled",
  ])
    expect(now?.[f]).toEqual(was?.[f]);
  const upstream = (f: FeedInfo | undefined): unknown =>
    (f?.upstreamSources ?? []).map(({ name, protocol, location, upstreamSourceType }) => ({
      name,
      protocol,
      location,
      upstreamSourceType,
    }));
  expect(upstream(now)).toEqual(upstream(was));
  const names = async (api: ArtifactsApi, scope: string, id: string): Promise<string[]> =>
    (await api.views(scope, id)).map((v) => v.name).sort();
  expect(await names(targetApi, RECOVERED.id, now?.id ?? "")).toEqual(
    await names(sourceApi, FIBER.id, was?.id ?? ""),
  );
  const roles = async (api: ArtifactsApi, scope: string, id: string): Promise<string[]> =>
    (await api.permissions(scope, id)).map((p) => `${p.role} ${p.identityDescriptor}`).sort();
  expect(await roles(targetApi, RECOVERED.id, now?.id ?? "")).toEqual(
    await roles(sourceApi, FIBER.id, was?.id ?? ""),
  );

  const before = await versionsOf(sourceApi, FIBER.id, was as FeedInfo);
  delete before["UPack fiber-assets 0.3.0"]; // not republished, as the plan said
  const after = await versionsOf(targetApi, RECOVERED.id, now as FeedInfo);
  expect(after).toEqual(before);
  // The Maven .jar and .pom and the Python wheels and sdist came back byte for byte.
  const maven = mavenFiles("com.fabrikam", "fiber-core", "3.0.0");
  expect(Object.keys(after["Maven com.fabrikam:fiber-core 3.0.0"]?.files ?? {}).sort()).toEqual(
    maven.map((f) => f.name).sort(),
  );
  for (const f of maven)
    expect(after["Maven com.fabrikam:fiber-core 3.0.0"]?.files[f.name]).toBe(
      f.content.toString("base64"),
    );
  const python = after["PyPI fabrikam-fiber-tools 0.9.0"]?.files ?? {};
  expect(Object.keys(python)).toHaveLength(3);
  for (const f of pythonFiles("fabrikam-fiber-tools", "0.9.0"))
    expect(python[f.name]).toBe(f.content.toString("base64"));
});

test("the organization's feeds round-trip too, and a taken feed name is never overwritten", async () => {
  await backup(ORGANIZATION);
  const restoreOrganizationFeeds = () =>
    restoreArtifacts({
      store: rig.store,
      sourceProjectId: ORGANIZATION_SCOPE,
      targetScope: ORGANIZATION_SCOPE,
      target: restoreTarget(rig, ORGANIZATION),
    });
  const restore = await restoreOrganizationFeeds();
  expect((await restore.apply()).failed).toEqual([]);
  const again = await restoreOrganizationFeeds();
  expect(again.plan.feeds.map((f) => f.targetName)).toEqual(["fabrikam-shared-restored"]);
  expect((await again.apply()).failed).toEqual([]);
  const feeds = await targetApi.feeds(ORGANIZATION_SCOPE);
  expect(feeds.map((f) => f.name).sort()).toEqual(["fabrikam-shared", "fabrikam-shared-restored"]);
  const [shared] = await sourceApi.feeds(ORGANIZATION_SCOPE);
  const restored = feeds.find((f) => f.name === "fabrikam-shared");
  const expected = await versionsOf(sourceApi, ORGANIZATION_SCOPE, shared as FeedInfo);
  delete expected["UPack shared-assets 0.3.0"];
  expect(await versionsOf(targetApi, ORGANIZATION_SCOPE, restored as FeedInfo)).toEqual(expected);
});
