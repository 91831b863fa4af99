// The hub's sections below its overview, split off from the first load (the bench's JavaScript
// before interactive): BackupHub loads this chunk once the overview is complete, and shows
// placeholders of the same place until it has arrived (the extension's own files, no latency).
export { HubSections } from "./hub-sections";
