// The seeded feeds of the fabrikam organization: "fiber-packages" in the "Fabrikam Fiber" project
// (npm, NuGet, Maven, Python and Universal packages, two versions each of the first two, a custom view, upstream
// sources, a reader) and the organization-scoped "fabrikam-shared". Other organizations start with
// no feeds (restore targets).
import type { EmulatorState } from "../server/state";
import { mavenFiles, npmTarball, nupkg, pythonFiles, universalBytes } from "./fixture-packages";
import type { ArtifactsState, FeedRecord, PackageRecord, VersionRecord } from "./state";

const UPSTREAMS = [
  {
    name: "npmjs",
    protocol: "npm",
    location: "https://registry.npmjs.org/",
    displayLocation: "https://registry.npmjs.org/",
    upstreamSourceType: "public",
  },
  {
    name: "NuGet Gallery",
    protocol: "nuget",
    location: "https://api.nuget.org/v3/index.json",
    displayLocation: "https://api.nuget.org/v3/index.json",
    upstreamSourceType: "public",
  },
];

/** Every seeded version: listed, live, published on an October 2026 day. */
function seedVersion(
  version: string,
  day: number,
  description: string,
  files: { name: string; content: Buffer }[],
): Omit<VersionRecord, "id" | "token" | "viewIds"> {
  const publishDate = new Date(Date.UTC(2026, 9, day, 12)).toISOString();
  return { isListed: true, isDeleted: false, version, publishDate, description, files };
}

function seedPackages(artifacts: ArtifactsState, feed: FeedRecord, prefix: string): void {
  const ui = `@fabrikam/${prefix}-ui`;
  const uiText = `Fabrikam ${prefix} components`;
  const core = `Fabrikam.${prefix[0]?.toUpperCase() ?? ""}${prefix.slice(1)}.Core`;
  const coreText = "Domain types shared by the services";
  const tools = `fabrikam-${prefix}-tools`;
  const assets = `${prefix}-assets`;
  const npm = (version: string): { name: string; content: Buffer }[] => [
    { name: `${prefix}-ui-${version}.tgz`, content: npmTarball(ui, version, uiText) },
  ];
  const nuget = (version: string): { name: string; content: Buffer }[] => [
    { name: `${core.toLowerCase()}.${version}.nupkg`, content: nupkg(core, version, coreText) },
  ];
  // A Maven package is named "groupId:artifactId"; its version holds the .jar and the .pom.
  const seeded: [PackageRecord["protocolType"], string, ReturnType<typeof seedVersion>][] = [
    ["npm", ui, seedVersion("1.0.0", 1, uiText, npm("1.0.0"))],
    ["npm", ui, seedVersion("1.1.0", 2, uiText, npm("1.1.0"))],
    ["NuGet", core, seedVersion("2.0.0", 3, coreText, nuget("2.0.0"))],
    ["NuGet", core, seedVersion("2.1.0", 4, coreText, nuget("2.1.0"))],
    [
      "Maven",
      `com.fabrikam:${prefix}-core`,
      seedVersion(
        "3.0.0",
        5,
        "Fiber domain for the JVM services",
        mavenFiles("com.fabrikam", `${prefix}-core`, "3.0.0"),
      ),
    ],
    ["PyPI", tools, seedVersion("0.9.0", 5, "Fabrikam fiber tools", pythonFiles(tools, "0.9.0"))],
    [
      "UPack",
      assets,
      seedVersion("0.3.0", 5, "Images and fonts", [
        { name: assets, content: universalBytes(assets, "0.3.0") },
      ]),
    ],
  ];
  for (const [protocol, name, version] of seeded) artifacts.publish(feed, protocol, name, version);
}

export function seedArtifacts(artifacts: ArtifactsState, state: EmulatorState): void {
  if (state.organization.name.toLowerCase() !== "fabrikam") return;
  const project = state.findProject("Fabrikam Fiber");
  const [admin, reader] = state.users;
  const permissions = [
    ...(admin
      ? [
          {
            role: "administrator" as const,
            identityDescriptor: admin.descriptor,
            displayName: admin.displayName,
          },
        ]
      : []),
    ...(reader
      ? [
          {
            role: "reader" as const,
            identityDescriptor: reader.descriptor,
            displayName: reader.displayName,
          },
        ]
      : []),
  ];
  if (project) {
    const feed = artifacts.createFeed({
      name: "fiber-packages",
      description: "Packages the Fiber services publish",
      projectId: project.id,
      upstreamEnabled: true,
      upstreamSources: UPSTREAMS.map((u, i) => ({
        ...u,
        id: `0d5b5a9e-7f1a-4c43-9a4e-00000000000${i + 1}`,
        status: "ok",
      })),
      hideDeletedPackageVersions: true,
      badgesEnabled: false,
      permissions,
    });
    feed.views.push({
      id: "6a8f4f8e-3c1d-4f57-8d3e-5b1f0e9d7c21",
      name: "Validated",
      type: "release",
      visibility: "collection",
    });
    seedPackages(artifacts, feed, "fiber");
    // 1.0.0 of the npm package was promoted to Release.
    const release = feed.views.find((v) => v.name === "Release");
    const npm = [...feed.packages.values()].find((p) => p.protocolType === "npm");
    const first = npm?.versions[0];
    if (release && first && npm) {
      first.viewIds.push(release.id);
      artifacts.touchVersion(feed, first);
    }
  }
  const shared = artifacts.createFeed({
    name: "fabrikam-shared",
    description: "Organization-wide packages",
    upstreamEnabled: false,
    upstreamSources: [],
    hideDeletedPackageVersions: true,
    badgesEnabled: true,
    permissions,
  });
  seedPackages(artifacts, shared, "shared");
}
