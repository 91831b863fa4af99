// What a Pipelines snapshot holds: every definition with each revision's full body (content
// objects), the library items, the queues and connections definitions point at (for the restore's
// mapping) and the project's retention settings. `notes` says what could not be read.

export interface RevisionEntry {
  revision: number;
  /** Content object of the definition's body at this revision. */
  object: string;
  changedBy?: string;
  changedDate?: string;
  comment?: string;
}

export interface DefinitionEntry {
  id: number;
  name: string;
  path?: string;
  /** The newest revision backed up: unchanged when the list shows the same one (incremental). */
  revision: number;
  revisions: RevisionEntry[];
}

export interface LibraryEntry {
  id: string;
  name: string;
  /** Content object of the item as listed. */
  object: string;
  /** Variable names whose values are secret: Azure DevOps never returns them. */
  secretNames?: string[];
}

export interface PipelinesIndex {
  buildDefinitions: DefinitionEntry[];
  releaseDefinitions: DefinitionEntry[];
  taskGroups: LibraryEntry[];
  variableGroups: LibraryEntry[];
  environments: LibraryEntry[];
  deploymentGroups: LibraryEntry[];
  serviceConnections: LibraryEntry[];
  /** Content object of the project's agent queues (id → name, for the restore's mapping). */
  agentQueues: string;
  /** Content object of the retention settings, or absent when they could not be read. */
  retention?: string;
  /** What the backup could not keep, in words (secret values, unreadable items). */
  notes: string[];
}
