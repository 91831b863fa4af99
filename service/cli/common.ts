// What the three commands share: where backups are (a folder or a Blob container), the Azure
// DevOps credential (from the environment only), and progress output: a bar on a terminal, plain
// lines otherwise (CI logs).
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { personalAccessToken, type AuthorizationSource } from "../engine/azure-devops/repos-api";
import type { EngineEvent, EngineReporter } from "../engine/events";
import { AzureBlobStore } from "../engine/storage/azure-blob-store";
import { LocalFolderStore } from "../engine/storage/local-folder-store";
import type { ObjectStore } from "../engine/storage/object-store";
import type { JobQueue } from "../engine/jobs/job-queue";
import { PgJobQueue } from "../engine/jobs/pg-job-queue";
import { SqliteJobQueue } from "../engine/jobs/sqlite-job-queue";

export const PAT_VARIABLE = "AZURE_DEVOPS_PAT";
export const TOKEN_VARIABLE = "AZURE_DEVOPS_TOKEN";
export const BLOB_CONNECTION_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";
export const BLOB_SAS_VARIABLE = "AZURE_STORAGE_SAS";

export const CREDENTIALS_HELP = `Credentials come from the environment, never from arguments:
  ${PAT_VARIABLE}     a personal access token (Code: Read for backup; Code: Read & write for restore;
                      Work Items, Build, Release, Test Management, Packaging for those data types)
  ${TOKEN_VARIABLE}   or an OAuth / Microsoft Entra access token (sent as Bearer)
  ${BLOB_CONNECTION_VARIABLE} or ${BLOB_SAS_VARIABLE}   for a Blob container destination`;

export class UsageError extends Error {}

/** The data types `--data` names, for backup and restore alike (the engine covers these six). */
export const CLI_DATA_TYPES = [
  "repos",
  "wiki",
  "boards",
  "pipelines",
  "testPlans",
  "artifacts",
] as const;

export interface Output {
  write(text: string): void;
  isTTY: boolean;
}

export const stdout: Output = {
  write: (t) => void process.stdout.write(t),
  get isTTY() {
    return Boolean(process.stdout.isTTY);
  },
};

export function authorizationFromEnvironment(env: NodeJS.ProcessEnv): AuthorizationSource {
  const pat = env[PAT_VARIABLE];
  if (pat) return personalAccessToken(pat);
  const token = env[TOKEN_VARIABLE];
  if (token) return () => Promise.resolve(`Bearer ${token}`);
  throw new UsageError(
    `Set ${PAT_VARIABLE} (or ${TOKEN_VARIABLE}) to a credential for the organization.`,
  );
}

export function openStore(destination: string, env: NodeJS.ProcessEnv): ObjectStore {
  if (/^https?:\/\//i.test(destination)) {
    const url = new URL(destination);
    if (url.search)
      throw new UsageError(`Put the SAS token in ${BLOB_SAS_VARIABLE}, not in the URL.`);
    const connectionString = env[BLOB_CONNECTION_VARIABLE];
    const sasToken = env[BLOB_SAS_VARIABLE];
    if (!connectionString && !sasToken)
      throw new UsageError(
        `Set ${BLOB_CONNECTION_VARIABLE} or ${BLOB_SAS_VARIABLE} for ${destination}.`,
      );
    return new AzureBlobStore({
      containerUrl: destination.replace(/\/$/, ""),
      ...(connectionString ? { connectionString } : {}),
      ...(sasToken ? { sasToken } : {}),
    });
  }
  return new LocalFolderStore(resolve(destination));
}

/** `--queue`: a SQLite file (one machine) or postgres://… (password from PGPASSWORD, not the URL). */
export function openQueue(spec: string): JobQueue {
  if (/^postgres(ql)?:\/\//i.test(spec)) {
    if (new URL(spec).password)
      throw new UsageError("Put the database password in PGPASSWORD, not in --queue.");
    return new PgJobQueue(spec);
  }
  return new SqliteJobQueue(resolve(spec));
}

export function defaultWorkDir(organizationUrl: string): string {
  const u = new URL(organizationUrl);
  const name =
    `${u.hostname}-${u.port || "443"}${u.pathname.replace(/[^A-Za-z0-9]+/g, "-")}`.replace(
      /-+$/,
      "",
    );
  return join(homedir(), ".cache", "ado-backup", name);
}

/** A progress bar redrawn in place on a terminal; one plain line per finished item otherwise. */
export function progressReporter(out: Output): EngineReporter & { done(): void } {
  const totals = new Map<string, { total: number; finished: number }>();
  let drawn = false;
  const bar = (project: string, item: string): void => {
    const t = totals.get(project) ?? { total: 0, finished: 0 };
    const width = 24;
    const filled = t.total === 0 ? width : Math.round((t.finished / t.total) * width);
    out.write(
      `\r\x1b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${t.finished}/${t.total} ${project}: ${item}`,
    );
    drawn = true;
  };
  const line = (text: string): void => {
    if (drawn) out.write("\r\x1b[2K");
    out.write(`${text}\n`);
    drawn = false;
  };
  const reporter = (e: EngineEvent): void => {
    if (e.type === "project-started") totals.set(e.project, { total: e.items, finished: 0 });
    if (e.type === "item-started" && out.isTTY) bar(e.project, e.item);
    if (e.type === "item-finished") {
      const t = totals.get(e.project);
      if (t) t.finished++;
      if (e.outcome !== "ok" || !out.isTTY)
        line(`${e.outcome.padEnd(7)} ${e.project} / ${e.item}${e.detail ? `: ${e.detail}` : ""}`);
      else bar(e.project, e.item);
    }
    if (e.type === "project-committed") line(`saved   ${e.project}: snapshot ${e.runId}`);
    if (e.type === "retry") line(`retry   ${e.detail}`);
    if (e.type === "message") line(e.text);
  };
  return Object.assign(reporter, { done: () => (drawn ? out.write("\n") : undefined) });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Runs a command's main and exits with its status; usage errors exit 2. */
export function runCommand(
  main: (argv: string[], env: NodeJS.ProcessEnv, out: Output) => Promise<number>,
): void {
  main(process.argv.slice(2), process.env, stdout).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof UsageError ? "" : "error: "}${(e as Error).message}\n`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
