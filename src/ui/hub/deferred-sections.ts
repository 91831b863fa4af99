// The hub's sections below its overview, split off from the first load (the bench's JavaScript
// before interactive): BackupHub loads this chunk once the overview is complete, and shows a
// placeholder of the same place until it has arrived (the extension's own files, no latency).
export { BackupRunsSection } from "../backups/backup-runs-section";
export { ConflictList } from "../components/conflict-list";
export { HistoryList } from "../components/history-list";
export { ConnectionStep } from "./connection-step";
export { ConsentStep } from "./consent-step";
export { SaveConfirmation } from "./save-confirmation";
export { ScopeEditor } from "./scope-editor";
