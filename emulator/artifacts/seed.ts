// The seeded feeds of the fabrikam organization: "fiber-packages" in the "Fabrikam Fiber" project
// (npm, NuGet, Maven, Python and Universal packages, two versions each of the first two, a custom view, upstream
// sources, a reader) and the organization-scoped "fabrikam-shared". Other organizations start with
// no feeds (restore targets).
import type { EmulatorState } from "../server/state";
import { mavenFiles, npmTarball, nupkg, pythonFiles, universalBytes } from "./fixture-packages";
import type { ArtifactsState, FeedRecord } from "./state";

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

function seedPackages(artifacts: ArtifactsState, feed: FeedRecord, prefix: string): void {
  const at = (day: number): string => new Date(Date.UTC(2026, 9, day, 12)).toISOString();
  const common = { isListed: true, isDeleted: false };
  for (const [i, version] of ["1.0.0", "1.1.0"].entries()) {
    const name = `@fabrikam/${prefix}-ui`;
    const description = `Fabrikam ${prefix} components`;
    artifacts.publish(feed, "npm", name, {
      ...common,
      version,
      publishDate: at(1 + i),
      description,
      files: [
        { name: `${prefix}-ui-${version}.tgz`, content: npmTarball(name, version, description) },
      ],
    });
  }
  for (const [i, version] of ["2.0.0", "2.1.0"].entries()) {
    const id = `Fabrikam.${prefix[0]?.toUpperCase() ?? ""}${prefix.slice(1)}.Core`;
    const description = "Domain types shared by the services";
    artifacts.publish(feed, "NuGet", id, {
      ...common,
      version,
      publishDate: at(3 + i),
      description,
      files: [
        { name: `${id.toLowerCase()}.${version}.nupkg`, content: nupkg(id, version, description) },
      ],
    });
  }
  // A Maven package is named "groupId:artifactId"; its version holds the .jar and the .pom.
  artifacts.publish(feed, "Maven", `com.fabrikam:${prefix}-core`, {
    ...common,
    version: "3.0.0",
    publishDate: at(5),
    description: "Fiber domain for the JVM services",
    files: mavenFiles("com.fabrikam", `${prefix}-core`, "3.0.0"),
  });
  artifacts.publish(feed, "PyPI", `fabrikam-${prefix}-tools`, {
    ...common,
    version: "0.9.0",
    publishDate: at(5),
    description: "Fabrikam fiber tools",
    files: pythonFiles(`fabrikam-${prefix}-tools`, "0.9.0"),
  });
  artifacts.publish(feed, "UPack", `${prefix}-assets`, {
    ...common,
    version: "0.3.0",
    publishDate: at(5),
    description: "Images and fonts",
    files: [{ name: `${prefix}-assets`, content: universalBytes(`${prefix}-assets`, "0.3.0") }],
  });
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
