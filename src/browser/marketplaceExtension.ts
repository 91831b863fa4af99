// The marketplace extension whose data documents hold the backup scope. Its publisher and id are
// read from vss-extension.json at build time: that file is the one place they are kept.
import manifest from "../../vss-extension.json";
import type { ExtensionIdentity } from "../ado/extensionData";

export const MARKETPLACE_EXTENSION: ExtensionIdentity = {
  publisherId: manifest.publisher,
  extensionId: manifest.id,
};
