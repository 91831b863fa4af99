// A second service process for runs.test.ts: on the test's database and configuration, it starts
// "Back up now" of one project, prints the run's id and carries the run on until the test kills
// it (SIGKILL, as a crashed machine would stop it). Input: SERVICE_PROCESS_INPUT (JSON).
import type { ServiceConfig } from "../../service/config";
import { createIdentity } from "../../service/identity";
import { BackupRunner } from "../../service/runs/backup-runner";
import type { BackupRunsConfig } from "../../service/runs/runs-config";
import { openDatabase } from "../../service/store/database";

interface Input {
  databaseUrl: string;
  config: Omit<ServiceConfig, "encryptionKey"> & { encryptionKey: string };
  runs: BackupRunsConfig;
  projectId: string;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.SERVICE_PROCESS_INPUT ?? "{}") as Input;
  const config = {
    ...input.config,
    encryptionKey: Buffer.from(input.config.encryptionKey, "base64"),
  };
  const db = await openDatabase(input.databaseUrl);
  const runner = new BackupRunner({
    db,
    identity: createIdentity({ db, config }),
    azureDevOpsUrl: config.azureDevOpsUrl,
    runs: input.runs,
    now: () => new Date(),
    warn: (m) => process.stderr.write(`${m}\n`),
  });
  const run = await runner.start({
    organization: "fabrikam",
    trigger: "manual",
    projectId: input.projectId,
  });
  process.stdout.write(`${JSON.stringify(run)}\n`);
  await runner.close();
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
