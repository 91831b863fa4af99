// `npm run restore` beyond Repos, Wikis and Boards: which data types the admin asked for and the
// mapping file (agent queues, service connections, repositories, work items, feed identities).
// The Pipelines, Test Plans and Artifacts restores themselves are the engine's (data-types/), which
// the hub's restore shares.
import { readFile } from "node:fs/promises";
import { type DataMapping, parseDataMapping } from "../engine/data-types/data-mapping";
import { CLI_DATA_TYPES, UsageError } from "./common";

export type { DataMapping } from "../engine/data-types/data-mapping";
export {
  planDataTypeRestores,
  selectRepositoriesAndWikis,
  type DataTypeApplied,
  type DataTypeRestoreInput,
  type PlannedDataTypeRestore,
} from "../engine/data-types/data-type-restores";

export const RESTORED_DATA = CLI_DATA_TYPES;
export type RestoredData = (typeof RESTORED_DATA)[number];

/** `--data a,b`: the data types to restore; every one the snapshot holds when not given. */
export function parseRestoredData(value: string | undefined): ReadonlySet<RestoredData> {
  if (value === undefined) return new Set(RESTORED_DATA);
  const asked = value.split(",").map((d) => d.trim());
  const unknown = asked.filter((d) => !(RESTORED_DATA as readonly string[]).includes(d));
  if (unknown.length > 0 || asked.length === 0)
    throw new UsageError(`--data takes ${RESTORED_DATA.join(", ")} or several of them.`);
  return new Set(asked as RestoredData[]);
}

/** `--mapping FILE`: one JSON object; each restore reads the maps it knows. */
export async function readDataMapping(file: string | undefined): Promise<DataMapping> {
  if (!file) return {};
  return parseDataMapping(await readFile(file, "utf8"), file, (m) => new UsageError(m));
}
