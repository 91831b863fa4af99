// The concurrency and fault suite at any size (issue 5, part 2):
//   node scripts/run-ts.js scripts/reliability.ts --admins 20 --rounds 50 --seed 7 [--projects 300]
//   [--instances 2] service instances on one PostgreSQL database (a database of the run's own);
//   [--errors] lists every save that threw; [--new-op-id-on-retry] retries with a new opId.
// Prints its figures and exits 1 on any loss.
import { DEFAULT_CONCURRENCY, runConcurrency } from "../test/reliability/concurrency";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} needs a number, not "${process.argv[i + 1] ?? ""}"`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const report = await runConcurrency({
    admins: flag("admins", DEFAULT_CONCURRENCY.admins),
    rounds: flag("rounds", DEFAULT_CONCURRENCY.rounds),
    seed: flag("seed", DEFAULT_CONCURRENCY.seed),
    projects: flag("projects", DEFAULT_CONCURRENCY.projects),
    instances: Math.max(1, flag("instances", DEFAULT_CONCURRENCY.instances)),
    retryWithNewOpId: process.argv.includes("--new-op-id-on-retry"),
    log: (line) => console.log(line),
  });
  if (process.argv.includes("--errors"))
    for (const e of report.errors) console.log(`  error: ${e}`);
  process.exit(report.verdict.violations.length === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
