// Everything the emulated organization remembers, in memory: seeded from the fixture, changed by
// REST calls and the control API, and back to the fixture on reset.
import { randomBytes, randomUUID } from "node:crypto";
import { NO_TENANT } from "../../src/core/entra-tenant";
import type { FixtureProject, FixtureUser, OrganizationFixture } from "../fixtures/types";

export interface ProjectRecord {
  id: string;
  name: string;
  description: string;
  lastUpdateTime: string;
  revision: number;
}

/** A stored extension-data document: whatever the caller sent, plus `id` and `__etag`. */
export type StoredDocument = Record<string, unknown> & { id: string; __etag: number };

export interface IssuedToken {
  userId: string;
  kind: "access" | "app";
  issuedAtEpochMs: number;
  expiresAtEpochMs: number;
}

/** Consents live in the Entra authority (handle.entra.consents, GET /_emulator/consents). */
export class EmulatorState {
  readonly fixture: OrganizationFixture;
  projects = new Map<string, ProjectRecord>();
  deletedProjects = new Map<string, ProjectRecord>();
  /** Key: publisher, extension, scope type, scope value, collection (lower case, NUL-separated). */
  documents = new Map<string, Map<string, StoredDocument>>();
  tokens = new Map<string, IssuedToken>();
  /** Tokens (also Entra JWTs) issued before this instant are refused. */
  tokensNotBeforeEpochMs = 0;
  currentUserId: string;
  private sorted: ProjectRecord[] | undefined;
  private churned = 0;

  constructor(fixture: OrganizationFixture) {
    this.fixture = fixture;
    this.currentUserId = "";
    this.reset();
  }

  get organization(): { name: string; id: string; tenantId: string } {
    const o = this.fixture.organization;
    return { name: o.name, id: o.id, tenantId: o.tenantId || NO_TENANT };
  }

  get hasTenant(): boolean {
    return Boolean(this.fixture.organization.tenantId);
  }

  get users(): FixtureUser[] {
    return this.fixture.users;
  }

  reset(): void {
    const loadedAt = new Date().toISOString();
    this.projects = new Map(
      this.fixture.projects.map((p: FixtureProject) => [p.id, toRecord(p, loadedAt)]),
    );
    this.deletedProjects.clear();
    this.documents.clear();
    this.tokens.clear();
    this.tokensNotBeforeEpochMs = 0;
    const first = this.fixture.users[0];
    if (!first) throw new Error(`Fixture "${this.fixture.organization.name}" has no users.`);
    this.currentUserId = this.fixture.defaultUserId ?? first.id;
    this.sorted = undefined;
  }

  user(id: string): FixtureUser | undefined {
    return this.fixture.users.find((u) => u.id === id);
  }

  userByDescriptor(descriptor: string): FixtureUser | undefined {
    return this.fixture.users.find((u) => u.descriptor === descriptor);
  }

  get currentUser(): FixtureUser {
    const u = this.user(this.currentUserId);
    if (!u) throw new Error(`No user ${this.currentUserId} in the fixture.`);
    return u;
  }

  isProjectCollectionAdministrator(userId: string): boolean {
    return this.user(userId)?.roles.includes("ProjectCollectionAdministrator") ?? false;
  }

  // Projects ---------------------------------------------------------------------------------

  /** Ordered by name, case-insensitively; ties by id, so the order is total and stable. */
  sortedProjects(): ProjectRecord[] {
    this.sorted ??= [...this.projects.values()].sort(compareProjects);
    return this.sorted;
  }

  findProject(idOrName: string): ProjectRecord | undefined {
    const byId = this.projects.get(idOrName.toLowerCase()) ?? this.projects.get(idOrName);
    if (byId) return byId;
    const lower = idOrName.toLowerCase();
    return [...this.projects.values()].find(
      (p) => p.name.toLowerCase() === lower || p.id.toLowerCase() === lower,
    );
  }

  createProject(name: string, description = ""): ProjectRecord {
    const p: ProjectRecord = {
      id: randomUUID(),
      name,
      description,
      lastUpdateTime: new Date().toISOString(),
      revision: 1,
    };
    this.projects.set(p.id, p);
    this.sorted = undefined;
    return p;
  }

  renameProject(id: string, name: string): ProjectRecord | undefined {
    const p = this.findProject(id);
    if (!p) return undefined;
    p.name = name;
    p.revision += 1;
    p.lastUpdateTime = new Date().toISOString();
    this.sorted = undefined;
    return p;
  }

  deleteProject(id: string): ProjectRecord | undefined {
    const p = this.findProject(id);
    if (!p) return undefined;
    this.projects.delete(p.id);
    this.deletedProjects.set(p.id, p);
    this.sorted = undefined;
    return p;
  }

  /**
   * Projects created and deleted while a caller pages (ServerSettings.projectsChurn): `create` new
   * ones that sort first (the next offsets shift forward: a caller sees some twice) and the
   * `remove` first ones in order (the next offsets shift back: a caller misses some).
   */
  churnProjects(create: number, remove: number): void {
    for (let i = 0; i < create; i++)
      this.createProject(`!churn ${String(++this.churned).padStart(6, "0")}`);
    for (const p of this.sortedProjects().slice(0, remove)) this.deleteProject(p.id);
  }

  // Tokens -------------------------------------------------------------------------------------

  issueToken(userId: string, kind: "access" | "app", lifetimeSeconds: number): string {
    // Opaque and unguessable, like a real access token is to its holder.
    const token = `emu.${randomBytes(24).toString("base64url")}`;
    const now = Date.now();
    this.tokens.set(token, {
      userId,
      kind,
      issuedAtEpochMs: now,
      expiresAtEpochMs: now + lifetimeSeconds * 1000,
    });
    return token;
  }

  revokeTokens(): void {
    this.tokens.clear();
    // Opaque tokens are gone with the map; this instant refuses Entra JWTs issued before it.
    this.tokensNotBeforeEpochMs = Date.now();
  }
}

function toRecord(p: FixtureProject, loadedAt: string): ProjectRecord {
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? "",
    lastUpdateTime: p.lastUpdateTime ?? loadedAt,
    revision: p.revision ?? 1,
  };
}

export function projectSortKey(p: { name: string; id: string }): [string, string] {
  return [p.name.toLowerCase(), p.id.toLowerCase()];
}

export function compareProjects(a: ProjectRecord, b: ProjectRecord): number {
  const [an, ai] = projectSortKey(a);
  const [bn, bi] = projectSortKey(b);
  if (an !== bn) return an < bn ? -1 : 1;
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}
