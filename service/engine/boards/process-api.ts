// The Work Item Tracking Process REST calls (7.1-preview) of a Boards backup and restore: the
// process a project uses, its work item types with their states, fields, rules, form and
// behaviors, picklists and the organization's fields. Through the BoardsApi's transport.
import type { BoardsApi, Fields } from "./boards-api";

const VERSION = "7.1-preview.2";
const LISTS_VERSION = "7.1-preview.1";

export class ProcessApi {
  constructor(readonly api: BoardsApi) {}

  private type(processId: string, ref: string, rest = ""): string {
    return `_apis/work/processes/${processId}/workitemtypes/${encodeURIComponent(ref)}${rest}`;
  }

  /** The process the project uses: its project property System.ProcessTemplateType. */
  async processTypeId(project: string): Promise<string | undefined> {
    const all = await this.api.values<{ name: string; value: unknown }>(
      `_apis/projects/${this.api.p(project)}/properties`,
      { keys: "System.ProcessTemplateType" },
      "7.1-preview.1",
    );
    const found = all.find((p) => p.name === "System.ProcessTemplateType")?.value;
    return typeof found === "string" ? found : undefined;
  }

  processes(): Promise<Fields[]> {
    return this.api.values(`_apis/work/processes`, {}, VERSION);
  }

  process(typeId: string): Promise<Fields> {
    return this.api.get(`_apis/work/processes/${typeId}`, {}, VERSION);
  }

  /** Every type with its states, form and behaviors (three expansions in one request). */
  workItemTypes(typeId: string): Promise<Fields[]> {
    return this.api.values(
      `_apis/work/processes/${typeId}/workitemtypes`,
      { $expand: "states,layout,behaviors" },
      VERSION,
    );
  }

  fields(typeId: string, ref: string): Promise<Fields[]> {
    return this.api.values(this.type(typeId, ref, "/fields"), {}, VERSION);
  }

  rules(typeId: string, ref: string): Promise<Fields[]> {
    return this.api.values(this.type(typeId, ref, "/rules"), {}, VERSION);
  }

  behaviors(typeId: string): Promise<Fields[]> {
    return this.api.values(`_apis/work/processes/${typeId}/behaviors`, {}, VERSION);
  }

  /** An organization field's definition (type, picklist); undefined when the organization lacks it. */
  async fieldDefinition(ref: string): Promise<Fields | undefined> {
    try {
      return await this.api.get<Fields>(`_apis/wit/fields/${encodeURIComponent(ref)}`);
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  }

  picklist(id: string): Promise<Fields> {
    return this.api.get(`_apis/work/processes/lists/${id}`, {}, LISTS_VERSION);
  }

  // Restore ------------------------------------------------------------------------------------

  createPicklist(body: Fields): Promise<Fields> {
    return this.api.send("POST", `_apis/work/processes/lists`, body, { version: LISTS_VERSION });
  }

  createField(body: Fields): Promise<Fields> {
    return this.api.send("POST", `_apis/wit/fields`, body);
  }

  createProcess(body: Fields): Promise<Fields> {
    return this.api.send("POST", `_apis/work/processes`, body, { version: VERSION });
  }

  createBehavior(typeId: string, body: Fields): Promise<Fields> {
    return this.api.send("POST", `_apis/work/processes/${typeId}/behaviors`, body, {
      version: VERSION,
    });
  }

  createWorkItemType(typeId: string, body: Fields): Promise<Fields> {
    return this.api.send("POST", `_apis/work/processes/${typeId}/workitemtypes`, body, {
      version: VERSION,
    });
  }

  /** Adds to one of a type's parts: "/states", "/fields", "/rules", "/layout/pages", … */
  addToType(typeId: string, ref: string, part: string, body: Fields): Promise<Fields> {
    return this.api.send("POST", this.type(typeId, ref, part), body, { version: VERSION });
  }

  hideState(typeId: string, ref: string, stateId: string): Promise<Fields> {
    return this.api.send(
      "PUT",
      this.type(typeId, ref, `/states/${stateId}`),
      { hidden: true },
      {
        version: VERSION,
      },
    );
  }

  addTypeBehavior(typeId: string, ref: string, body: Fields): Promise<Fields> {
    return this.api.send(
      "POST",
      `_apis/work/processes/${typeId}/workitemtypesbehaviors/${encodeURIComponent(ref)}/behaviors`,
      body,
      { version: VERSION },
    );
  }
}
