// What the engine reports while it works: the command line draws progress from these, a worker
// logs them. They never carry a credential.
export type EngineEvent =
  | { type: "project-started"; project: string; items: number }
  | { type: "item-started"; project: string; item: string }
  | {
      type: "item-finished";
      project: string;
      item: string;
      outcome: "ok" | "skipped" | "failed";
      detail?: string;
    }
  | { type: "project-committed"; project: string; runId: string; bytesWritten: number }
  | { type: "retry"; detail: string }
  | { type: "message"; text: string };

export type EngineReporter = (e: EngineEvent) => void;

export const silentReporter: EngineReporter = () => undefined;
