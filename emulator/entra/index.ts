// The fake Microsoft Entra authority of the emulated organization (see emulator/CONTRACT.md).
export { createEntraAuthority, type EntraAuthority } from "./authority";
export { createSelfSignedCertificate } from "./certificate";
export type { Consent, EntraDirectory } from "./directory";
export { serveEntraAuthority, serveOnHttps, type HttpsOrigin } from "./https-origin";
export { AZURE_DEVOPS_RESOURCE } from "./scopes";
