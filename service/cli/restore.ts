// npm run restore -- --plan|--apply --dest DIR|BLOB-URL --snapshot RUN --target-organization URL --target-project NAME
import { join } from "node:path";
import { ReposApi } from "../engine/azure-devops/repos-api";
import { planProjectBoardsRestore } from "../engine/boards/project-boards";
import { applyRestore } from "../engine/restore/apply";
import { describePlan, planRestore } from "../engine/restore/plan";
import { ContentStore } from "../engine/storage/content-store";
import { command } from "./arguments";
import {
  parseRestoredData,
  planDataTypeRestores,
  readDataMapping,
  selectRepositoriesAndWikis,
} from "./restore-data-types";
import {
  CREDENTIALS_HELP,
  authorizationFromEnvironment,
  defaultWorkDir,
  openStore,
  progressReporter,
  runCommand,
} from "./common";

export const RESTORE_HELP = `Restore a project's Repos and Wikis from a snapshot into NEW repositories,
its Boards as new work items, areas, iterations, teams and queries, and its Pipelines, Test Plans
and Artifacts as new definitions, plans and feeds (each when backed up; nothing is overwritten).

usage: npm run restore -- [--plan | --apply] --dest DIR|BLOB-URL --snapshot RUN|latest
                          --target-organization URL --target-project NAME [--source-project NAME]
  --plan                 print what would be created and change nothing (the default)
  --apply                create it: new repositories only, never overwriting or force-pushing
  --dest DIR|URL         where the backups are
  --snapshot RUN         a run id (see the snapshots/ folder), a snapshot key, or latest
  --source-project NAME  which project of the run, when it holds several
  --data LIST            what to restore, comma-separated: repos, wiki, boards, pipelines,
                         testPlans, artifacts; default everything the snapshot holds
  --organization-feeds   also restore the run's organization-scoped feeds (Artifacts)
  --user-mapping FILE    Boards: {"users": {"source e-mail": "target identity"}}
  --mapping FILE         Pipelines, Test Plans, Artifacts: {"agentQueues": {"source": "target"},
                         "serviceConnections": {…}, "repositories": {…}, "workItems": {"12": 340},
                         "users": {"source descriptor": "target descriptor"}} (names or ids)
${CREDENTIALS_HELP}
Exit status: 0 when every planned item was created, 1 when any failed.`;

/** The options npm run restore takes (besides --help). */
const OPTIONS = {
  plan: { type: "boolean" },
  apply: { type: "boolean" },
  dest: { type: "string" },
  snapshot: { type: "string" },
  "source-project": { type: "string" },
  "target-organization": { type: "string" },
  "target-project": { type: "string" },
  "work-dir": { type: "string" },
  "user-mapping": { type: "string" },
  data: { type: "string" },
  mapping: { type: "string" },
  "organization-feeds": { type: "boolean" },
} as const;

export const restoreMain = command(
  {
    help: RESTORE_HELP,
    options: OPTIONS,
    required: ["dest", "snapshot", "target-organization", "target-project"],
    exclusive: ["plan", "apply"],
  },
  async (values, env, out) => {
    const data = parseRestoredData(values.data);
    const mapping = await readDataMapping(values.mapping);
    const organization = values["target-organization"].replace(/\/$/, "");
    const authorization = authorizationFromEnvironment(env);
    const store = openStore(values.dest, env);
    const api = new ReposApi(organization, authorization);
    const plan = selectRepositoriesAndWikis(
      await planRestore(store, api, {
        snapshot: values.snapshot,
        ...(values["source-project"] ? { sourceProject: values["source-project"] } : {}),
        targetProject: values["target-project"],
      }),
      data,
    );
    for (const line of describePlan(plan)) out.write(`${line}\n`);
    const boards = data.has("boards")
      ? await planProjectBoardsRestore(store, plan, api, values["user-mapping"])
      : undefined;
    for (const line of boards?.lines ?? []) out.write(`${line}\n`);
    const others = await planDataTypeRestores({
      store,
      plan,
      data,
      mapping,
      authorization,
      organizationFeeds: values["organization-feeds"] === true,
    });
    for (const line of others.flatMap((o) => o.lines)) out.write(`${line}\n`);
    if (!values.apply) {
      out.write("Dry run: nothing was created. Run again with --apply to create it.\n");
      return 0;
    }
    const progress = progressReporter(out);
    const result = await applyRestore(
      {
        api,
        authorization,
        content: new ContentStore(store),
        workDir: join(values["work-dir"] ?? defaultWorkDir(organization), "restore"),
        report: progress,
      },
      plan,
    );
    progress.done();
    const boardsResult = await boards?.apply();
    for (const c of result.created) out.write(`created ${c.kind} ${c.name}\n`);
    if (boardsResult) out.write(`created Boards: ${boardsResult.workItems.size} work items\n`);
    const failed = [...result.failed, ...(boardsResult?.failed ?? [])];
    // In order: pipelines name the restored repositories, test cases the restored work items.
    for (const other of others) {
      const applied = await other.apply(boardsResult?.workItems);
      for (const c of applied.created) out.write(`created ${c}\n`);
      failed.push(...applied.failed);
    }
    for (const f of failed) out.write(`failed  ${f.name}: ${f.reason}\n`);
    return failed.length > 0 ? 1 : 0;
  },
);

if (process.argv[1] === __filename) runCommand(restoreMain); // run as a program (scripts/run-ts.js), not imported
