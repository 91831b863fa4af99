// The browser extension's two variants, written by webpack from manifest.json (docs/architecture.md#security-rules):
// - production, the one published: Azure DevOps and Entra hosts only, with a CSP whose connect-src
//   lists exactly those and the backup service fixed at build time;
// - development, for the emulated organization: also its plain-http host page and fake Entra on
//   localhost. It is built into its own folder and never packaged unless asked for (`--dev`).
// CommonJS because webpack.config.js requires it; scripts/package.ts and the tests use it too.

/** Hosts whose pages may be the emulated organization, and whose https: may be its fake Entra. */
const DEVELOPMENT_LOCAL_HOSTS = ["localhost", "127.0.0.1"];

const VARIANTS = {
  production: { name: "production", localHosts: [] },
  development: { name: "development", localHosts: DEVELOPMENT_LOCAL_HOSTS },
};

/** Names a local address anywhere in a text: the published extension may not mention one. */
const LOCAL_ADDRESS = /\blocalhost\b|\b127\.\d+\.\d+\.\d+\b|\[::1\]|\b0\.0\.0\.0\b/gi;

function localAddressesIn(text) {
  return [...new Set(text.match(LOCAL_ADDRESS) ?? [])];
}

/** Every file under dir that names a local address, with what it names (binary files too). */
function localAddressesInFolder(dir) {
  const fs = require("node:fs");
  const path = require("node:path");
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .map((file) => ({
      file: path.relative(dir, file),
      found: localAddressesIn(fs.readFileSync(file, "latin1")),
    }))
    .filter((f) => f.found.length > 0);
}

/** `https://*.visualstudio.com/*` → `https://*.visualstudio.com`; local hosts on any port. */
function connectSourceOf(pattern, localHosts) {
  const { protocol, host } = /^(?<protocol>[a-z]+):\/\/(?<host>[^/]+)\//.exec(pattern).groups;
  return localHosts.includes(host) ? `${protocol}://${host}:*` : `${protocol}://${host}`;
}

function serviceOriginOf(serviceUrl, variant) {
  if (!serviceUrl) return [];
  const url = new globalThis.URL(serviceUrl);
  if (url.protocol !== "https:" && variant.localHosts.length === 0) {
    throw new Error(
      `The backup service's URL must be https: in the published extension: ${serviceUrl}`,
    );
  }
  return [url.origin];
}

/** Told apart from the published one in the browser (web-ext allows 45 characters in a name). */
function developmentIdentity(base) {
  const gecko = base.browser_specific_settings.gecko;
  return {
    name: `${base.short_name} (development)`,
    // Firefox installs both side by side only under different ids.
    browser_specific_settings: {
      ...base.browser_specific_settings,
      gecko: { ...gecko, id: gecko.id.replace("@", "-dev@") },
    },
  };
}

/**
 * The manifest a variant ships: manifest.json's own host permissions (the published ones), the
 * variant's local hosts added for development, and connect-src derived from them plus the service.
 */
function browserManifest(base, variantName, serviceUrl) {
  const variant = VARIANTS[variantName];
  if (!variant) throw new Error(`Unknown browser extension variant: ${variantName}`);
  const local = variant.localHosts.flatMap((h) => [`http://${h}/*`, `https://${h}/*`]);
  const hostPermissions = [...base.host_permissions, ...local];
  const connectSrc = [
    "'self'",
    ...hostPermissions.map((p) => connectSourceOf(p, variant.localHosts)),
    ...serviceOriginOf(serviceUrl, variant),
  ];
  const csp = base.content_security_policy.extension_pages.replace(/;?\s*$/, "");
  return {
    ...base,
    ...(variant.localHosts.length > 0 ? developmentIdentity(base) : {}),
    host_permissions: hostPermissions,
    content_security_policy: {
      ...base.content_security_policy,
      extension_pages: `${csp}; connect-src ${[...new Set(connectSrc)].join(" ")}`,
    },
  };
}

module.exports = {
  VARIANTS,
  DEVELOPMENT_LOCAL_HOSTS,
  browserManifest,
  localAddressesIn,
  localAddressesInFolder,
};
