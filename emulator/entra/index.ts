// The fake Microsoft Entra authority of the emulated organization (see emulator/CONTRACT.md).
export { createEntraAuthority, type EntraAuthority, type EntraAuthorityOptions } from "./authority";
export { createSelfSignedCertificate } from "./certificate";
export type {
  Consent,
  EntraApp,
  EntraDirectory,
  EntraTenant,
  EntraUser,
  UserConsent,
} from "./directory";
export { AZURE_DEVOPS_RESOURCE, GRAPH_RESOURCE } from "./scopes";
export type { AccessTokenInfo, IssuedToken } from "./user-tokens";
