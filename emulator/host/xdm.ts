// The host speaks XDM with the SDK's own module, so (de)serialization is identical to what the SDK
// expects: proxy functions, dates, dropped underscore properties, the handshakeToken echo. The
// package's "exports" only lists SDK.js (which would try to talk to *its* parent), so the ESM file
// is imported by path.
export { channelManager } from "../../node_modules/azure-devops-extension-sdk/esm/XDM.js";
export type { IXDMChannel } from "../../node_modules/azure-devops-extension-sdk/esm/XDM.js";
