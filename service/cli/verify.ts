// npm run verify -- --dest DIR|BLOB-URL [--snapshot RUN]
import { verifyDataSnapshots } from "../engine/pipelines/data-verify";
import { verifyStore } from "../engine/verify";
import { command } from "./arguments";
import { openStore, runCommand, BLOB_CONNECTION_VARIABLE, BLOB_SAS_VARIABLE } from "./common";

export const VERIFY_HELP = `Re-read and re-hash every object the snapshots need (Repos, Wikis and Boards, and
the Pipelines, Test Plans and Artifacts snapshots); report missing or damaged ones.

usage: npm run verify -- --dest DIR|BLOB-URL [--snapshot RUN]
  --snapshot RUN   only that run's Repos, Wikis and Boards snapshots (the Pipelines, Test Plans and
                   Artifacts snapshots are verified when the whole store is)
  ${BLOB_CONNECTION_VARIABLE} or ${BLOB_SAS_VARIABLE} for a Blob container.
Exit status: 0 when every object is present and intact, 1 otherwise.`;

/** The options npm run verify takes (besides --help). */
const OPTIONS = { dest: { type: "string" }, snapshot: { type: "string" } } as const;

export const verifyMain = command(
  { help: VERIFY_HELP, options: OPTIONS, required: ["dest"] },
  async (values, env, out) => {
    const store = openStore(values.dest, env);
    const report = await verifyStore(store, {
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
    // The Pipelines, Test Plans and Artifacts manifests (data-snapshots/…) as a whole store only.
    const data = values.snapshot
      ? { snapshots: 0, objectsChecked: 0, problems: [] }
      : await verifyDataSnapshots(store);
    for (const p of data.problems)
      out.write(`${p.problem.padEnd(8)} ${p.sha256} (needed by ${p.neededBy.join(", ")})\n`);
    const problems = report.problems.length + data.problems.length;
    out.write(
      `${report.snapshots + data.snapshots} snapshots, ${report.objectsChecked + data.objectsChecked} objects checked, ${problems} problems\n`,
    );
    return problems > 0 || report.unreadableSnapshots.length > 0 ? 1 : 0;
  },
);

if (process.argv[1] === __filename) runCommand(verifyMain); // run as a program (scripts/run-ts.js), not imported
