// A project's Boards, generated: deterministic for a seed, and fast enough in memory for the bench's
// 25,000 work items × 10 revisions. Revisions of all items interleave in time, as in a real
// project; the mix covers what a backup must keep: long HTML text, comments (one edited), file
// attachments, an inline image in an HTML field, parent/child and related links, a hyperlink,
// tags, and deleted items in the recycle bin.
import { seededRandom, type SeededRandom } from "../server/random";
import { overviewDashboard } from "./dashboards";
import { AGILE_PROCESS, ensureSystemProcess, inheritedProcess } from "./processes";
import { customiseWebBoard, seededPlan } from "./team-boards";
import {
  ORG_URL,
  type BoardsOrganization,
  type ClassificationNode,
  type Fields,
  type ProjectBoards,
  type QueryRecord,
  type WorkItemRecord,
} from "./model";

export interface BoardsSeedOptions {
  workItems: number;
  revisionsPerItem: number;
  seed?: number;
  /** Every n-th work item has a file attachment; default 40. */
  attachmentEvery?: number;
  /** Every n-th work item has an inline image in its description; default 97 (and the first item). */
  inlineImageEvery?: number;
  /** Work items in the recycle bin (the last ones); default 2. */
  deleted?: number;
  /** Paragraphs of generated description; default 3. */
  paragraphs?: number;
}

export interface SeedUser {
  displayName: string;
  email: string;
}

const WORDS =
  "fiber splice order billing invoice customer provisioning outage router modem install ticket crew schedule region account payment refund portal login page report export latency cache retry".split(
    " ",
  );
const TYPES = ["User Story", "Task", "Bug", "Task", "Feature"] as const;
const STATES = ["New", "Active", "Resolved", "Closed"] as const;
const TAGS = ["customer", "regression", "ux", "billing", "security", "tech-debt"];
const BASE_TIME = Date.parse("2024-01-01T00:00:00Z");

export const identityString = (u: SeedUser): string => `${u.displayName} <${u.email}>`;

function sentence(random: SeededRandom, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[random.below(WORDS.length)] as string);
  const text = out.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function paragraph(random: SeededRandom): string {
  return `<p>${sentence(random, 24)}. ${sentence(random, 18)}; <b>${sentence(random, 4)}</b>.</p>`;
}

function node(
  org: BoardsOrganization,
  random: SeededRandom,
  name: string,
  children: ClassificationNode[] = [],
  attributes?: ClassificationNode["attributes"],
): ClassificationNode {
  return {
    id: org.nextNodeId++,
    identifier: random.guid(),
    name,
    children,
    ...(attributes ? { attributes } : {}),
  };
}

const day = (n: number): string => new Date(BASE_TIME + n * 86_400_000).toISOString();

function classification(
  org: BoardsOrganization,
  random: SeededRandom,
  project: string,
): Pick<ProjectBoards, "areas" | "iterations"> {
  const areas = node(org, random, project, [
    node(org, random, "Web"),
    node(org, random, "Mobile"),
    node(org, random, "Billing", [node(org, random, "Invoices")]),
  ]);
  const sprint = (n: number): ClassificationNode =>
    node(org, random, `Sprint ${n}`, [], { startDate: day(14 * n), finishDate: day(14 * n + 13) });
  const iterations = node(org, random, project, [
    node(org, random, "Release 1", [sprint(1), sprint(2), sprint(3)]),
    node(org, random, "Release 2", [sprint(4)]),
  ]);
  return { areas, iterations };
}

function sharedQueries(random: SeededRandom, project: string): QueryRecord {
  const q = (name: string, wiql: string): QueryRecord => ({
    id: random.guid(),
    name,
    isFolder: false,
    wiql,
    children: [],
  });
  const folder = (name: string, children: QueryRecord[]): QueryRecord => ({
    id: random.guid(),
    name,
    isFolder: true,
    children,
  });
  return folder("Shared Queries", [
    q(
      "Active bugs",
      `SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = '${project}' AND [System.WorkItemType] = 'Bug' AND [System.State] = 'Active'`,
    ),
    folder("Release", [
      q(
        "Release 1 items",
        `SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] UNDER '${project}\\Release 1'`,
      ),
      folder("Triage", [
        q(
          "Untriaged",
          `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = '${project}' AND [System.Tags] CONTAINS 'regression'`,
        ),
      ]),
    ]),
  ]);
}

/** An empty project's Boards: root area and iteration, the default team, an empty Shared Queries. */
export function emptyProjectBoards(
  org: BoardsOrganization,
  projectId: string,
  projectName: string,
  seed = 1,
): ProjectBoards {
  const random = seededRandom(seed);
  const areas = node(org, random, projectName);
  const iterations = node(org, random, projectName);
  ensureSystemProcess(org);
  const teamId = random.guid();
  return {
    projectId,
    processTypeId: AGILE_PROCESS,
    dashboards: { [teamId]: [overviewDashboard(random)] },
    areas,
    iterations,
    teams: [
      {
        id: teamId,
        name: `${projectName} Team`,
        description: `The default project team.`,
        settings: defaultTeamSettings(iterations.identifier),
        areas: {
          defaultValue: projectName,
          values: [{ value: projectName, includeChildren: true }],
        },
        iterations: [],
      },
    ],
    sharedQueries: { id: random.guid(), name: "Shared Queries", isFolder: true, children: [] },
    plans: [],
  };
}

export function defaultTeamSettings(backlogIteration: string): Fields {
  return {
    backlogIteration: { id: backlogIteration },
    bugsBehavior: "asRequirements",
    workingDays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    backlogVisibilities: {
      "Microsoft.EpicCategory": false,
      "Microsoft.FeatureCategory": true,
      "Microsoft.RequirementCategory": true,
    },
    defaultIterationMacro: "@currentIteration",
  };
}

function leafPaths(root: ClassificationNode, prefix = root.name): string[] {
  if (root.children.length === 0) return [prefix];
  return [prefix, ...root.children.flatMap((c) => leafPaths(c, `${prefix}\\${c.name}`))];
}

function fakeFile(random: SeededRandom, size: number, png: boolean): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = random.below(256);
  if (png) Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

function teamsOf(
  random: SeededRandom,
  project: { name: string },
  areas: ClassificationNode,
  iterations: ClassificationNode,
): ProjectBoards["teams"] {
  const web = `${project.name}\\${(areas.children[0] as ClassificationNode).name}`;
  return [
    {
      id: random.guid(),
      name: `${project.name} Team`,
      description: "The default project team.",
      settings: defaultTeamSettings(iterations.identifier),
      areas: {
        defaultValue: project.name,
        values: [{ value: project.name, includeChildren: true }],
      },
      iterations: (iterations.children[0]?.children ?? []).map((n) => n.identifier),
    },
    {
      id: random.guid(),
      name: "Web Team",
      description: "Builds the customer portal.",
      settings: { ...defaultTeamSettings(iterations.identifier), bugsBehavior: "asTasks" },
      areas: { defaultValue: web, values: [{ value: web, includeChildren: false }] },
      iterations: [iterations.children[1]?.children[0]?.identifier ?? iterations.identifier],
    },
  ];
}

/** Fills `org` with a generated project's Boards; returns the project's part. */
export function generateProjectBoards(
  org: BoardsOrganization,
  project: { id: string; name: string },
  users: SeedUser[],
  options: BoardsSeedOptions,
): ProjectBoards {
  const random = seededRandom(options.seed ?? 7);
  // The process, boards and plans draw from their own sequence, so the work items stay as they were.
  const settingsRandom = seededRandom((options.seed ?? 7) + 1);
  const { areas, iterations } = classification(org, random, project.name);
  const teams = teamsOf(random, project, areas, iterations);
  const queries = sharedQueries(random, project.name);
  random.guid(); // the process id was drawn here once: the work items stay as they were
  const web = teams[1];
  if (web) customiseWebBoard(web, settingsRandom);
  const boards: ProjectBoards = {
    projectId: project.id,
    processTypeId: inheritedProcess(org, settingsRandom).typeId,
    dashboards: Object.fromEntries(
      teams.map((t, i) => [
        t.id,
        [overviewDashboard(random, i === 0 ? queries.children[0]?.id : undefined)],
      ]),
    ),
    areas,
    iterations,
    teams,
    sharedQueries: queries,
    plans: [seededPlan(settingsRandom, teams, identityString(users[0] as SeedUser))],
  };
  org.projects.set(project.id, boards);
  new WorkItemGenerator(org, random, project, users, options, boards).run();
  return boards;
}

/** The work items of a generated project, revision round by revision round (so they interleave). */
class WorkItemGenerator {
  private readonly items: WorkItemRecord[];
  private readonly byId: ItemsById;
  private readonly areaPaths: string[];
  private readonly iterationPaths: string[];
  /** Per work item (by index): its state's position in STATES, its comment count. */
  private readonly stateOf: number[];
  private readonly commentsOf: number[];

  constructor(
    private readonly org: BoardsOrganization,
    private readonly random: SeededRandom,
    private readonly project: { id: string; name: string },
    private readonly users: SeedUser[],
    private readonly options: BoardsSeedOptions,
    boards: ProjectBoards,
  ) {
    const n = options.workItems;
    this.items = Array.from({ length: n }, () => org.newWorkItem(project.id));
    this.byId = new Map(this.items.map((w) => [w.id, w]));
    this.areaPaths = leafPaths(boards.areas);
    this.iterationPaths = leafPaths(boards.iterations);
    this.stateOf = new Array<number>(n).fill(0);
    this.commentsOf = new Array<number>(n).fill(0);
  }

  run(): void {
    const n = this.items.length;
    for (let r = 1; r <= this.options.revisionsPerItem; r++)
      for (let i = 0; i < n; i++) {
        const item = this.items[i] as WorkItemRecord;
        const who = this.user();
        const when = new Date(BASE_TIME + ((r - 1) * n + i) * 60_000).toISOString();
        const changes: Fields = {
          "System.ChangedDate": when,
          "System.ChangedBy": identityString(who),
          ...(r === 1 ? this.first(item, i, who) : this.later(item, i, r, who, when)),
        };
        this.org.addRevision(item, changes);
      }
    for (const item of this.items) this.org.items.set(item.id, item);
    const edited = this.items.find((w) => w.comments.length > 0)?.comments[0];
    if (edited) {
      edited.text = `${edited.text}<div>(edited)</div>`;
      edited.version = 2;
    }
    const deleted = Math.min(this.options.deleted ?? 2, Math.max(0, n - 1));
    for (const item of this.items.slice(n - deleted))
      item.deleted = {
        by: identityString(this.users[0] as SeedUser),
        date: new Date(BASE_TIME + this.options.revisionsPerItem * n * 60_000).toISOString(),
      };
  }

  private user(): SeedUser {
    return this.users[this.random.below(this.users.length)] as SeedUser;
  }

  private pick(list: string[]): string {
    return list[this.random.below(list.length)] as string;
  }

  private first(item: WorkItemRecord, i: number, who: SeedUser): Fields {
    const random = this.random;
    const type = TYPES[i % TYPES.length] as string;
    const fields: Fields = {
      "System.Id": item.id,
      "System.WorkItemType": type,
      "System.TeamProject": this.project.name,
      "System.Title": `${sentence(random, 5)} (${item.id})`,
      "System.State": "New",
      "System.Reason": "New",
      "System.CreatedBy": identityString(who),
      "System.CreatedDate": new Date(BASE_TIME + i * 60_000).toISOString(),
      "System.AssignedTo": identityString(who),
      "Microsoft.VSTS.Common.Priority": 2,
      "System.CommentCount": 0,
    };
    const tags = TAGS.filter(() => random.below(5) === 0);
    if (tags.length > 0) fields["System.Tags"] = tags.join("; ");
    if (type === "Bug") fields["Microsoft.VSTS.TCM.ReproSteps"] = paragraph(random);
    if (type === "User Story")
      fields["Microsoft.VSTS.Scheduling.StoryPoints"] = 1 + random.below(8);
    fields["System.AreaPath"] = this.pick(this.areaPaths);
    fields["System.IterationPath"] = this.pick(this.iterationPaths);
    fields["System.Description"] = this.description(i);
    this.relate(item, i);
    return fields;
  }

  private description(i: number): string {
    let html = "";
    for (let p = 0; p < (this.options.paragraphs ?? 3); p++) html += paragraph(this.random);
    if (i % (this.options.inlineImageEvery ?? 97) === 0) {
      const guid = this.random.guid();
      const content = fakeFile(this.random, 600, true);
      this.org.attachments.set(guid, { fileName: "diagram.png", content });
      html += `<p><img src="${ORG_URL}/_apis/wit/attachments/${guid}?fileName=diagram.png" alt="diagram"></p>`;
    }
    return html;
  }

  /** Tasks are children of the user story before them; every 7th item is related to the one before. */
  private relate(item: WorkItemRecord, i: number): void {
    const parent = this.items[i - (i % TYPES.length)] as WorkItemRecord;
    if (TYPES[i % TYPES.length] === "Task" && parent !== item)
      addLink(
        this.byId,
        item,
        parent.id,
        "System.LinkTypes.Hierarchy-Reverse",
        "System.LinkTypes.Hierarchy-Forward",
        ["Parent", "Child"],
      );
    if (i > 0 && i % 7 === 0)
      addLink(
        this.byId,
        item,
        (this.items[i - 1] as WorkItemRecord).id,
        "System.LinkTypes.Related",
        "System.LinkTypes.Related",
        ["Related", "Related"],
      );
    if (i === 2)
      item.relations.push({
        rel: "Hyperlink",
        url: "https://example.com/fiber/runbook",
        attributes: { comment: "Runbook" },
      });
    if (i % (this.options.attachmentEvery ?? 40) === 1) {
      const guid = this.random.guid();
      const content = fakeFile(this.random, 256 + this.random.below(2048), false);
      this.org.attachments.set(guid, { fileName: `log-${item.id}.txt`, content });
      item.relations.push({
        rel: "AttachedFile",
        url: `${ORG_URL}/_apis/wit/attachments/${guid}`,
        attributes: { name: `log-${item.id}.txt`, resourceSize: content.length, comment: "" },
      });
    }
  }

  private later(item: WorkItemRecord, i: number, r: number, who: SeedUser, when: string): Fields {
    const changes: Fields = {};
    const state = this.stateOf[i] ?? 0;
    if (r % 2 === 0 && state < STATES.length - 1) {
      this.stateOf[i] = state + 1;
      changes["System.State"] = STATES[state + 1];
      changes["System.Reason"] = `Moved to ${STATES[state + 1]}`;
    }
    if (r % 3 === 0) changes["System.AssignedTo"] = identityString(this.user());
    if (r % 4 === 0 && i % 3 === 0) {
      const text = `<div>${sentence(this.random, 16)}.</div>`;
      changes["System.History"] = text;
      this.commentsOf[i] = (this.commentsOf[i] ?? 0) + 1;
      changes["System.CommentCount"] = this.commentsOf[i];
      item.comments.push({
        id: this.org.nextCommentId++,
        text,
        createdBy: identityString(who),
        createdDate: when,
        modifiedBy: identityString(who),
        modifiedDate: when,
        version: 1,
        isDeleted: false,
      });
    }
    if (r % 5 === 0) {
      const before = this.org.fieldsAt(item, r - 1)["System.Description"];
      changes["System.Description"] = `${String(before ?? "")}${paragraph(this.random)}`;
    }
    if (r % 2 === 1) changes["Microsoft.VSTS.Common.Priority"] = 1 + this.random.below(4);
    if (r === this.options.revisionsPerItem)
      changes["System.IterationPath"] = this.pick(this.iterationPaths);
    return changes;
  }
}

type ItemsById = Map<number, WorkItemRecord>;

function addLink(
  items: ItemsById,
  from: WorkItemRecord,
  toId: number,
  rel: string,
  reverseRel: string,
  names: [string, string],
): void {
  from.relations.push({
    rel,
    url: `${ORG_URL}/_apis/wit/workItems/${toId}`,
    attributes: { isLocked: false, name: names[0] },
  });
  items.get(toId)?.relations.push({
    rel: reverseRel,
    url: `${ORG_URL}/_apis/wit/workItems/${from.id}`,
    attributes: { isLocked: false, name: names[1] },
  });
}
