// The hub's sections below its overview, split off from the first load (the bench's JavaScript
// before interactive): BackupHub loads this chunk once the overview is complete, and shows a
// placeholder of the same place until it has arrived (the extension's own files, no latency).
export { BackupRunsSection } from "../backups/BackupRunsSection";
export { ConflictList } from "../components/ConflictList";
export { HistoryList } from "../components/HistoryList";
export { ConnectionStep } from "./ConnectionStep";
export { ConsentStep } from "./ConsentStep";
export { SaveConfirmation } from "./SaveConfirmation";
export { ScopeEditor } from "./ScopeEditor";
