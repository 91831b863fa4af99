// Which Azure DevOps organization and project a tab shows, read from its URL alone: the popup
// needs no content script and no access to the page.

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

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * `https://dev.azure.com/{org}/{project}/...`, `https://{org}.visualstudio.com/{project}/...`
 * (with or without `DefaultCollection`), and, for development, the emulated organization at
 * `http://localhost:{port}/{org}/{project}/...`. Anything else is not an Azure DevOps page.
 */
export function tabContextOf(url: string | undefined): TabContext | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const segments = u.pathname.split("/").filter((s) => s.length > 0);
  const host = u.hostname.toLowerCase();

  if (u.protocol === "https:" && host === "dev.azure.com") {
    const [orgSegment, projectSegment] = segments;
    const organization = orgSegment && !isReserved(orgSegment) ? decoded(orgSegment) : undefined;
    if (!organization || !orgSegment) return undefined;
    return withProject({ organization, orgUrl: `${u.origin}/${orgSegment}/` }, projectSegment);
  }

  if (u.protocol === "https:" && host.endsWith(".visualstudio.com")) {
    const organization = host.slice(0, -".visualstudio.com".length);
    if (!organization || organization.includes(".") || organization === "app") return undefined;
    const rest = segments[0]?.toLowerCase() === "defaultcollection" ? segments.slice(1) : segments;
    return withProject({ organization, orgUrl: `${u.origin}/` }, rest[0]);
  }

  // The emulated organization's host origin is plain http; its other local origins (the fake Entra
  // authority on https, the extension files) are not organizations.
  if (u.protocol === "http:" && LOCAL_HOSTS.has(host)) {
    const [orgSegment, projectSegment] = segments;
    const organization = orgSegment && !isReserved(orgSegment) ? decoded(orgSegment) : undefined;
    if (!organization || !orgSegment) return undefined;
    return withProject({ organization, orgUrl: `${u.origin}/${orgSegment}/` }, projectSegment);
  }
  return undefined;
}
