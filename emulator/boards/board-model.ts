// A team's boards (one per backlog level: columns, swimlanes, card fields) and a project's delivery
// plans, as the Work REST API 7.1 answers them (emulator/CONTRACT.md "Boards").

export interface BoardColumnRecord {
  id: string;
  name: string;
  itemLimit: number;
  /** Work item type name → the state its cards in this column have. */
  stateMappings: Record<string, string>;
  columnType: "incoming" | "inProgress" | "outgoing";
  isSplit: boolean;
  description: string;
}

export interface BoardRowRecord {
  id: string;
  /** The default lane has no name. */
  name: string | null;
  color?: string | null;
}

/** Work item type name → the fields its cards show. */
export type CardFields = Record<string, Record<string, string>[]>;

export interface BoardRecord {
  id: string;
  /** The backlog level: "Stories", "Features", "Epics". */
  name: string;
  revision: number;
  columns: BoardColumnRecord[];
  rows: BoardRowRecord[];
  cards: CardFields;
}

export interface PlanRecord {
  id: string;
  name: string;
  type: string;
  description: string;
  revision: number;
  createdDate: string;
  modifiedDate: string;
  createdBy: string;
  properties: {
    teamBacklogMappings: { teamId: string; categoryReferenceName: string }[];
    criteria?: { fieldName: string; operator: string; value: string }[];
    cardSettings?: Record<string, unknown>;
    markers?: { date: string; label: string; color: string }[];
  };
}

/** The id of a board's default lane, as in the real service. */
export const DEFAULT_LANE = "00000000-0000-0000-0000-000000000000";
