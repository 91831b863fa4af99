// Which browser extension this build is. The published (production) variant knows only Azure
// DevOps and Microsoft Entra; the development variant also accepts the emulated organization on
// local hosts. webpack defines __BROWSER_VARIANT__ from scripts/browser-manifest.js, so the
// published bundle carries no local address at all (scripts/package.ts checks that).

export interface BrowserVariant {
  name: "production" | "development";
  /** Hosts whose http: pages may be an organization and whose https: may be the fake Entra. */
  localHosts: readonly string[];
}

export const PRODUCTION_VARIANT: BrowserVariant = { name: "production", localHosts: [] };

declare const __BROWSER_VARIANT__: BrowserVariant | undefined;

/** The variant webpack built; anything not built by it (unit tests) is production. */
export const BUILD_VARIANT: BrowserVariant =
  typeof __BROWSER_VARIANT__ === "object" && __BROWSER_VARIANT__ !== null
    ? __BROWSER_VARIANT__
    : PRODUCTION_VARIANT;

/** Microsoft Entra's one public-cloud authority: the only one the published extension signs in to. */
export const ENTRA_AUTHORITY = "https://login.microsoftonline.com";

/** Whether an origin (`https://host[:port]`) is one the variant may sign in to. */
export function isAllowedAuthority(url: URL, variant: BrowserVariant): boolean {
  if (url.protocol !== "https:" || url.username || url.password) return false;
  if (url.origin === ENTRA_AUTHORITY) return true;
  return variant.localHosts.includes(url.hostname);
}
