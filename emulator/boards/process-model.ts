// What the emulated organization remembers of its processes (Work Item Tracking Process REST API
// 7.1): a system process (Agile) in full, and inherited processes as what they add to it: derived
// and custom work item types, with their added fields, states, rules, form groups and controls, and
// behaviors. What a route answers for an inherited process is its parent's with these on top
// (emulator/boards/processes.ts), as the real service answers.

export type Customization = "system" | "inherited" | "custom";

export interface StateRecord {
  id: string;
  name: string;
  stateCategory: string;
  color: string;
  order: number;
}

/** A field on a work item type (ProcessWorkItemTypeField). */
export interface WitFieldRecord {
  referenceName: string;
  defaultValue?: unknown;
  required: boolean;
  readOnly: boolean;
  allowGroups?: boolean;
}

export interface RuleRecord {
  id: string;
  name: string;
  conditions: { conditionType: string; field?: string; value?: string }[];
  actions: { actionType: string; targetField?: string; value?: string }[];
  isDisabled: boolean;
}

export interface ControlRecord {
  id: string;
  label: string;
  controlType?: string;
  visible: boolean;
  readOnly?: boolean;
}

export interface GroupRecord {
  id: string;
  label: string;
  visible: boolean;
  controls: ControlRecord[];
}

export interface PageRecord {
  id: string;
  label: string;
  pageType: string;
  visible: boolean;
  sections: { id: string; groups: GroupRecord[] }[];
}

export interface WorkItemTypeRecord {
  referenceName: string;
  name: string;
  description: string;
  color: string;
  icon: string;
  isDisabled: boolean;
  /** A derived type: the parent process's type it customises. */
  inherits?: string;
  customization: Customization;
  /** Of a system type: all of them. Of a derived or custom type: the ones it adds. */
  states: StateRecord[];
  /** State names of the parent type a derived type hides. */
  hiddenStates: string[];
  fields: WitFieldRecord[];
  rules: RuleRecord[];
  /** Of a system type: its form. Of a derived one: pages and groups it adds (by section). */
  pages: PageRecord[];
  /** Controls a derived type adds to groups of its parent's form: group id → controls. */
  addedControls: Record<string, ControlRecord[]>;
  /** Behaviors (backlog levels) the type belongs to. */
  behaviors: { id: string; isDefault: boolean }[];
}

export interface BehaviorRecord {
  referenceName: string;
  name: string;
  color: string;
  rank: number;
  description: string;
  /** The behavior it inherits from (portfolio levels inherit System.PortfolioBacklogBehavior). */
  inherits?: string;
  customization: Customization;
}

export interface ProcessRecord {
  typeId: string;
  name: string;
  referenceName: string;
  description: string;
  parentProcessTypeId: string;
  customizationType: Customization;
  workItemTypes: WorkItemTypeRecord[];
  behaviors: BehaviorRecord[];
}

/** A field of the organization (Fields - Create); system fields are not kept here. */
export interface FieldDefinition {
  referenceName: string;
  name: string;
  type: string;
  description: string;
  isPicklist: boolean;
  picklistId?: string;
}

/** A picklist (Lists API): the values a picklist field offers. */
export interface PicklistRecord {
  id: string;
  name: string;
  type: string;
  isSuggested: boolean;
  items: string[];
}
