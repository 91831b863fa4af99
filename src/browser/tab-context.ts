// Which Azure DevOps organization and project a tab shows, read from its URL alone: the popup
// needs no content script and no access to the page. Only Azure DevOps's own hosts are
// organizations (and, in the development variant, the emulated organization on a local host): the
// signed-in user's tokens go to whatever this accepts.
import { BUILD_VARIANT, type BrowserVariant } from "./browser-variant";

export interface TabContext {
  /** The organization's name as Azure DevOps spells it in URLs (decoded). */
  organization: string;
  /** The organization's root, ending in "/": every REST URL is built on it. */
  orgUrl: string;
  /** The project's name (decoded), when the tab is inside a project. */
  project?: string;
}

/** Path segments that are organization-level pages, never a project name. */
const isReserved = (segment: string): boolean => segment.startsWith("_");

function decoded(segment: string): string | undefined {
  try {
    const value = decodeURIComponent(segment).trim();
    return value.length > 0 ? value : undefined;
  } catch {
    return undefined; // malformed escape: not a name we can use
  }
}

function withProject(base: Omit<TabContext, "project">, segment: string | undefined): TabContext {
  const project = segment !== undefined && !isReserved(segment) ? decoded(segment) : undefined;
  return project ? { ...base, project } : base;
}

/**
 * Azure DevOps's rule for organization names: letters, digits and hyphens, starting and ending
 * with a letter or digit, at most 50 characters. Anything else in that place is not an organization.
 */
const ORGANIZATION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/i;

/** `{org}.visualstudio.com` names that are Azure DevOps's own services, not organizations. */
const SERVICE_SUBDOMAINS = new Set(["app", "vssps", "www"]);

function organizationAt(
  u: URL,
  segments: string[],
): { organization: string; orgUrl: string; rest: string[] } | undefined {
  const [orgSegment, ...rest] = segments;
  if (!orgSegment || !ORGANIZATION_NAME.test(orgSegment)) return undefined;
  return { organization: orgSegment, orgUrl: `${u.origin}/${orgSegment}/`, rest };
}

/**
 * `https://dev.azure.com/{org}/{project}/...`, `https://{org}.visualstudio.com/{project}/...`
 * (with or without `DefaultCollection`), and, in the development variant only, the emulated
 * organization at `http://localhost:{port}/{org}/{project}/...`. Anything else is not an Azure
 * DevOps page.
 */
export function tabContextOf(
  url: string | undefined,
  variant: BrowserVariant = BUILD_VARIANT,
): TabContext | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const segments = u.pathname.split("/").filter((s) => s.length > 0);
  const host = u.hostname.toLowerCase();

  if (u.username || u.password) return undefined;
  const onAzureDevOps = u.protocol === "https:" && u.port === "";

  if (onAzureDevOps && host === "dev.azure.com") {
    const at = organizationAt(u, segments);
    return at && withProject({ organization: at.organization, orgUrl: at.orgUrl }, at.rest[0]);
  }

  if (onAzureDevOps && host.endsWith(".visualstudio.com")) {
    const organization = host.slice(0, -".visualstudio.com".length);
    if (!ORGANIZATION_NAME.test(organization) || SERVICE_SUBDOMAINS.has(organization))
      return undefined;
    const rest = segments[0]?.toLowerCase() === "defaultcollection" ? segments.slice(1) : segments;
    return withProject({ organization, orgUrl: `${u.origin}/` }, rest[0]);
  }

  // The emulated organization's host origin is plain http; its other local origins (the fake Entra
  // authority on https, the extension files) are not organizations.
  if (u.protocol === "http:" && variant.localHosts.includes(host)) {
    const at = organizationAt(u, segments);
    return at && withProject({ organization: at.organization, orgUrl: at.orgUrl }, at.rest[0]);
  }
  return undefined;
}
