// The engine's command line as an admin runs it: `node scripts/run-ts.js service/cli/<command>.ts`
// with the PAT in AZURE_DEVOPS_PAT; the exit code and everything it printed.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function runCli(
  command: string,
  args: string[],
  pat: string,
): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      "node",
      ["scripts/run-ts.js", `service/cli/${command}.ts`, ...args],
      { env: { ...process.env, AZURE_DEVOPS_PAT: pat }, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, out: stdout };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** `backup` arguments for Fabrikam Fiber from `organization` into `store`. */
export function fiberBackupArgs(organization: string, store: string, work: string): string[] {
  return [
    "--organization",
    organization,
    "--dest",
    store,
    "--project",
    "Fabrikam Fiber",
    "--work-dir",
    work,
  ];
}

/** `restore` arguments for `snapshot` in `store` into the target's project "Recovered". */
export function recoveredRestoreArgs(
  store: string,
  snapshot: string,
  targetOrganization: string,
  work: string,
): string[] {
  return [
    "--dest",
    store,
    "--snapshot",
    snapshot,
    "--target-organization",
    targetOrganization,
    "--target-project",
    "Recovered",
    "--work-dir",
    work,
  ];
}
