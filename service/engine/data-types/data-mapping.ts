// The mapping of what differs between the backed-up project and the restore target, as one JSON
// object (npm run restore --mapping FILE, or pasted in the hub): agent queues, service connections,
// repositories, work items and people. Each restore reads the maps it knows; one parser for both.
import type { ArtifactsMapping } from "../artifacts/restore-plan";
import type { PipelinesMapping } from "../pipelines/restore-plan";
import type { TestPlansMapping } from "../test-plans/restore-plan";

/**
 * `users` holds both kinds of people the restores name: a source e-mail → target identity (Boards)
 * and a source identity descriptor → target descriptor (feed permissions); the keys never clash.
 */
export type DataMapping = PipelinesMapping & TestPlansMapping & ArtifactsMapping;

/** The maps a person fills in for what the target lacks (the others are worked out). */
export const MAPPED_KINDS = ["users", "agentQueues", "serviceConnections"] as const;
export type MappedKind = (typeof MAPPED_KINDS)[number];

/** Something the plan found no match for in the target: `key` is its entry in the mapping. */
export interface UnmappedItem {
  kind: MappedKind;
  /** How the backup names it (a person as "Name <e-mail>", a queue or connection by name). */
  source: string;
  key: string;
}

const NAME_MAPS = ["agentQueues", "serviceConnections", "repositories", "users"] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The mapping in `text` (`where` names it in the problem); `problem` makes the error to throw
 * (the command line's usage error, the service's 400).
 */
export function parseDataMapping(
  text: string,
  where: string,
  problem: (message: string) => Error,
): DataMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (e) {
    throw problem(`${where} is not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(parsed)) throw problem(`${where}: the mapping holds one JSON object.`);
  for (const name of NAME_MAPS) {
    const map = parsed[name];
    if (
      map !== undefined &&
      !(isRecord(map) && Object.values(map).every((v) => typeof v === "string"))
    )
      throw problem(`${where}: "${name}" maps names to names ({"source": "target"}).`);
  }
  const workItems = parsed.workItems;
  if (
    workItems !== undefined &&
    !(isRecord(workItems) && Object.values(workItems).every((v) => Number.isInteger(v)))
  )
    throw problem(`${where}: "workItems" maps work item ids to ids ({"12": 340}).`);
  return parsed as DataMapping;
}

/** `extra`'s entries over `base`'s, map by map (what a person typed over what was pasted). */
export function mergeMappings(base: DataMapping, extra: DataMapping): DataMapping {
  const merged: DataMapping = { ...base };
  for (const name of NAME_MAPS) if (extra[name]) merged[name] = { ...base[name], ...extra[name] };
  if (extra.workItems) merged.workItems = { ...base.workItems, ...extra.workItems };
  return merged;
}
