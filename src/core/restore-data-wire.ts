// Restore from the hub beyond Repos and Wikis (issue 10): which data types of a backup to restore,
// the mappings for what differs in the target (people, agent queues, service connections, in the
// command line's --mapping format), each data type's plan in words with what nothing matches, and
// each data type's progress and result. Wire shapes only; service-api.ts uses them.
import type { DataType } from "./data-types";

/** The data types restored by their own restore after Repos and Wikis, in the order applied. */
export const DATA_TYPE_RESTORE_ORDER = ["boards", "pipelines", "testPlans", "artifacts"] as const;
export type RestoredDataType = (typeof DATA_TYPE_RESTORE_ORDER)[number];

/** What a person maps: the maps of npm run restore's --mapping file a restore cannot work out. */
export const MAPPING_KINDS = ["users", "agentQueues", "serviceConnections"] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

/** Source name (a person: their e-mail) → target name, map by map. */
export type RestoreMappingWire = Partial<Record<MappingKind, Record<string, string>>>;

/** Something of the backup nothing in the target matches; `key` is its entry in the mapping. */
export interface UnmappedWire {
  kind: MappingKind;
  /** How the backup names it ("Name <e-mail>" for a person). */
  source: string;
  key: string;
}

/** One data type's plan: what it creates and cannot restore faithfully, in the engine's words. */
export interface DataTypePlanWire {
  dataType: RestoredDataType;
  lines: string[];
  unmapped: UnmappedWire[];
}

/** What a restore request adds to the choice of snapshot and target. */
export interface RestoreChoiceWire {
  /** What to restore of the backup; every data type it holds when absent. */
  dataTypes?: DataType[];
  mapping?: RestoreMappingWire;
  /** A mapping as pasted (npm run restore's --mapping JSON); `mapping`'s entries win over it. */
  mappingText?: string;
}

export interface DataTypeRestoreWire {
  dataType: RestoredDataType;
  status: "waiting" | "restoring" | "done";
  /** What it created, in words ("buildDefinition CI", "feed fiber-packages"). */
  created: string[];
  failed: { name: string; reason: string }[];
}
