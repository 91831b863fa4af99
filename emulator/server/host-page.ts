// The Azure DevOps host page: one HTML shell for every `/{org}/...` page, carrying its boot data
// as JSON and loading the host script (emulator/host, bundled to dist/host/host.js).
import type { FixtureUser } from "../fixtures/types";
import type { ExtensionPackage } from "./extension-package";
import type { Reply } from "./http";
import { safeDecode } from "./http";
import type { EmulatorState } from "./state";
import type { HostBoot } from "./types";

export interface HostPageDeps {
  state: EmulatorState;
  hostUrl: string;
  extensionUrl: string;
  entraUrl: string;
  extension: () => Promise<ExtensionPackage>;
  /** Resource area id → locationUrl, for the host's location service. */
  resourceAreas: Record<string, string>;
  /** The separate hosts' origins the host page calls (its extension data service). */
  areaOrigins: string[];
}

/** JSON safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function hostPageCsp(
  extensionUrl: string,
  entraUrl: string,
  areaOrigins: string[] = [],
): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Preact sets styles through CSSOM; inline style elements are for the host's own chrome.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: ${extensionUrl}`,
    `frame-src ${extensionUrl}`,
    `connect-src 'self' ${[entraUrl, ...areaOrigins].join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

type Route = HostBoot["route"];

/** `segments` are the path after `/{org}`, decoded. undefined: not a page we have. */
function routeOf(segments: string[], state: EmulatorState): Route | "redirect" | "no-project" {
  const [first, second, third] = segments;
  if (first === undefined) return "redirect";
  if (first.toLowerCase() === "_settings") {
    if (second === undefined || second === "") return "redirect";
    return second.toLowerCase() === "projects"
      ? { kind: "projects" }
      : { kind: "org-settings", hubId: second };
  }
  const project = state.findProject(first);
  if (!project) return "no-project";
  const ref = { id: project.id, name: project.name };
  if (second?.toLowerCase() === "_settings" && third)
    return { kind: "project-settings", hubId: third, project: ref };
  return { kind: "project", project: ref };
}

export async function hostPage(deps: HostPageDeps, url: URL): Promise<Reply> {
  const { state } = deps;
  const org = state.organization;
  const segments = url.pathname
    .split("/")
    .filter((s) => s !== "")
    .map(safeDecode);
  const route = routeOf(segments.slice(1), state);
  if (route === "redirect")
    return {
      status: 302,
      headers: { Location: `/${encodeURIComponent(org.name)}/_settings/backup-hub` },
    };
  if (route === "no-project") {
    return {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: `TF200016: The project "${segments[1] ?? ""}" does not exist in ${org.name}.`,
    };
  }
  const ext = await deps.extension();
  const user = state.currentUser;
  const boot: HostBoot = {
    organization: org,
    hostUrl: deps.hostUrl,
    extensionUrl: deps.extensionUrl,
    entraUrl: deps.entraUrl,
    currentUser: {
      id: user.id,
      displayName: user.displayName,
      email: user.email,
      descriptor: user.descriptor,
    },
    users: state.users.map((u: FixtureUser) => ({
      id: u.id,
      displayName: u.displayName,
      email: u.email,
      roles: [...u.roles],
    })),
    resourceAreas: deps.resourceAreas,
    extension: {
      publisherId: ext.publisherId,
      extensionId: ext.extensionId,
      version: ext.version,
      baseUri: extensionBaseUri(deps.extensionUrl, ext),
      scopes: ext.scopes,
    },
    contributions: ext.contributions,
    route,
    theme: url.searchParams.get("theme") === "dark" ? "dark" : "light",
  };
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${org.name.replace(/[<>&"]/g, "")} - Azure DevOps (emulated)</title>
<script type="application/json" id="emulator-boot">${scriptSafeJson(boot)}</script>
<link rel="stylesheet" href="/_host/host.css">
<script src="/_host/host.js" defer></script>
</head>
<body>
<div id="host-root"></div>
<noscript>The emulated Azure DevOps host page needs JavaScript.</noscript>
</body>
</html>
`;
  return {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": hostPageCsp(deps.extensionUrl, deps.entraUrl, deps.areaOrigins),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    },
    body: html,
  };
}

export function extensionBaseUri(extensionUrl: string, ext: ExtensionPackage): string {
  return `${extensionUrl}/_ext/${ext.publisherId}/${ext.extensionId}/${ext.version}`;
}
