// Azure Blob as the destination, against Azurite: write-once (ifNoneMatch "*"), incremental runs,
// verify, and a restore plan read back from the container.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, connect } from "node:net";
import { join } from "node:path";
import type { EmulatorHandle } from "../../emulator/server";
import { ReposApi } from "../../service/engine/azure-devops/repos-api";
import { runBackup } from "../../service/engine/backup/run";
import { planRestore } from "../../service/engine/restore/plan";
import { AzureBlobStore } from "../../service/engine/storage/azure-blob-store";
import { verifyStore } from "../../service/engine/verify";
import { bearer, scratchDir, startEmptyTarget, startSource } from "./support";

jest.setTimeout(180_000);

const ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="; // Azurite's published development key

let azurite: ChildProcess;
let port: number;
let source: EmulatorHandle;
let target: EmulatorHandle;
let dir: { path: string; remove: () => Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(p: number, deadline = Date.now() + 30_000): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(p, "127.0.0.1");
      socket.once("connect", () => (socket.end(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Azurite did not listen on ${p}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function store(): AzureBlobStore {
  return new AzureBlobStore({
    containerUrl: `http://127.0.0.1:${port}/devstoreaccount1/backups`,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
  });
}

beforeAll(async () => {
  dir = await scratchDir("azurite");
  port = await freePort();
  azurite = spawn(
    join(process.cwd(), "node_modules", ".bin", "azurite-blob"),
    [
      "--location",
      join(dir.path, "azurite"),
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--silent",
    ],
    { stdio: "ignore" },
  );
  [source, target] = await Promise.all([startSource(), startEmptyTarget(), waitForPort(port)]);
});

afterAll(async () => {
  // Azurite writes its files until it has exited: only then remove its folder.
  if (azurite && azurite.exitCode === null) {
    const exited = once(azurite, "exit");
    azurite.kill();
    await exited;
  }
  await Promise.all([source?.stop(), target?.stop()]);
  await dir?.remove();
});

test("objects are written once: a second write of a key changes nothing", async () => {
  const s = store();
  expect(await s.putOnce("probe/once", Buffer.from("first"))).toBe(true);
  expect(await s.putOnce("probe/once", Buffer.from("second"))).toBe(false);
  expect((await s.get("probe/once")).toString()).toBe("first");
});

test("backups to a Blob container are incremental, verifiable and restorable", async () => {
  const options = {
    organizationUrl: source.orgUrl,
    authorization: bearer(source),
    store: store(),
    workDir: join(dir.path, "work"),
    projects: ["Fabrikam Fiber"],
  };
  const first = await runBackup(options);
  expect(first.failedCount).toBe(0);
  const second = await runBackup(options);
  expect(second.storage.bytesWritten).toBeLessThan(first.storage.bytesWritten / 100);
  expect((await verifyStore(store())).problems).toEqual([]);
  const plan = await planRestore(store(), new ReposApi(target.orgUrl, bearer(target)), {
    snapshot: second.runId,
    targetProject: "Recovered",
  });
  expect(plan.repositories.map((r) => r.targetName).sort()).toEqual(["fiber-app", "fiber-scratch"]);
});
