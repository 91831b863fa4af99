// Types of scripts/browser-manifest.js (CommonJS, required by webpack.config.js).
import type { BrowserVariant } from "../src/browser/browser-variant";

export interface BrowserManifest {
  name: string;
  short_name: string;
  host_permissions: string[];
  content_security_policy: { extension_pages: string };
  browser_specific_settings: { gecko: { id: string; [key: string]: unknown } };
  [key: string]: unknown;
}

export const VARIANTS: Record<BrowserVariant["name"], BrowserVariant>;
export const DEVELOPMENT_LOCAL_HOSTS: readonly string[];
export function browserManifest(
  base: BrowserManifest,
  variantName: BrowserVariant["name"],
  serviceUrl?: string,
): BrowserManifest;
export function localAddressesIn(text: string): string[];
export function localAddressesInFolder(dir: string): { file: string; found: string[] }[];
