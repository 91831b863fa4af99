// npm run verify -- --dest DIR|BLOB-URL [--snapshot RUN]
import { verifyStore } from "../engine/verify";
import { commandOptions, requireOptions } from "./arguments";
import {
  openStore,
  runCommand,
  type Output,
  BLOB_CONNECTION_VARIABLE,
  BLOB_SAS_VARIABLE,
} from "./common";

export const VERIFY_HELP = `Re-read and re-hash every object the snapshots need; report missing or damaged ones.

usage: npm run verify -- --dest DIR|BLOB-URL [--snapshot RUN]
  ${BLOB_CONNECTION_VARIABLE} or ${BLOB_SAS_VARIABLE} for a Blob container.
Exit status: 0 when every object is present and intact, 1 otherwise.`;

export async function verifyMain(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<number> {
  const values = commandOptions(
    argv,
    { dest: { type: "string" }, snapshot: { type: "string" } },
    VERIFY_HELP,
    out,
  );
  if (!values) return 0;
  requireOptions(values, ["dest"], VERIFY_HELP);
  const report = await verifyStore(openStore(values.dest, env), {
    ...(values.snapshot ? { snapshot: values.snapshot } : {}),
    onProgress: (checked, total) => {
      if (out.isTTY) out.write(`\r\x1b[2Kchecked ${checked}/${total}`);
    },
  });
  if (out.isTTY) out.write("\r\x1b[2K");
  for (const p of report.problems)
    out.write(`${p.problem.padEnd(8)} ${p.sha256} (needed by ${p.neededBy.join(", ")})\n`);
  for (const u of report.unreadableSnapshots)
    out.write(`unreadable snapshot ${u.key}: ${u.reason}\n`);
  out.write(
    `${report.snapshots} snapshots, ${report.objectsChecked} objects checked, ${report.problems.length} problems\n`,
  );
  return report.problems.length > 0 || report.unreadableSnapshots.length > 0 ? 1 : 0;
}

if (process.argv[1] === __filename) runCommand(verifyMain); // run as a program (scripts/run-ts.js), not imported
