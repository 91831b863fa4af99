// What an Artifacts snapshot holds: each feed's settings (as listed, views, permissions, upstream
// sources), its change watermarks, and every package version with its file or files (content objects).

export interface VersionEntry {
  id: string;
  version: string;
  /** Content object of the version as the change feed listed it (views, listing, deletion). */
  object: string;
  isDeleted: boolean;
  /** The version's file, when its protocol's REST serves one. */
  file?: { name: string; object: string; size: number };
  /** Every file of a version whose protocol holds several (Maven: .jar and .pom; Python: wheel and sdist). */
  files?: { name: string; object: string; size: number }[];
}

export interface PackageEntry {
  id: string;
  name: string;
  protocolType: string;
  versions: VersionEntry[];
}

export interface FeedEntry {
  id: string;
  name: string;
  object: string;
  views: string;
  permissions: string;
  /** The feed's continuation token when its settings were read (unchanged: not read again). */
  feedToken: number;
  /** The package continuation token up to which changes are in `packages`. */
  packageToken: number;
  packages: PackageEntry[];
}

export interface ArtifactsIndex {
  /** A project id, or ORGANIZATION_SCOPE for the organization's feeds. */
  scope: string;
  feeds: FeedEntry[];
  notes: string[];
}
