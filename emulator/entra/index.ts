// The fake Microsoft Entra authority of the emulated organization (see emulator/CONTRACT.md).
export {
  createEntraAuthority,
  type AccessTokenInfo,
  type Consent,
  type EntraApp,
  type EntraAuthority,
  type EntraAuthorityOptions,
  type EntraDirectory,
  type EntraTenant,
  type EntraUser,
  type IssuedToken,
  type UserConsent,
} from "./authority";
export { createSelfSignedCertificate } from "./certificate";
export { AZURE_DEVOPS_RESOURCE, GRAPH_RESOURCE } from "./scopes";
