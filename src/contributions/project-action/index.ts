// The project action ("Add to backup scope" / "Remove from backup scope") on the projects list of
// Organization settings and on a project's overview toolbar. This hidden frame registers the
// action object; the host asks it for its menu item (getMenuItems) or runs it (execute).
import {
  type HostSession,
  connectToHost,
  notifyLoadFailed,
  notifyLoaded,
  openDialog,
  registerObject,
} from "../../ado/host";
import { type ProjectTarget, menuTextFor, projectFromContext } from "../../core/project-scope";
import type { ProjectRef } from "../../core/scope";
import type { ScopeSnapshot } from "../../core/scope-store";
import { type BackupServiceClient } from "../../service/backup-service";
import { backupServiceFor } from "../../service/marketplace-credentials";
import { resolveProject } from "../../ui/project-scope/host-services";

const ACTION_ID = "project-backup-action";
const DIALOG_ID = "project-backup-dialog";
const FALLBACK_TEXT = "Backup scope…";
/** A menu opened again soon after shows the same scope without another request. */
const SCOPE_CACHE_MS = 15_000;

const session: Promise<HostSession> = connectToHost();
session.then(
  () => void notifyLoaded(),
  (e: unknown) => void notifyLoadFailed(e),
);

let cachedScope: { at: number; snapshot: Promise<ScopeSnapshot> } | undefined;
let service: BackupServiceClient | undefined;

function scope(s: HostSession): Promise<ScopeSnapshot> {
  if (!cachedScope || Date.now() - cachedScope.at > SCOPE_CACHE_MS) {
    service ??= backupServiceFor(s);
    const snapshot = service.load();
    cachedScope = { at: Date.now(), snapshot };
    snapshot.catch(() => (cachedScope = undefined)); // a failed read is not remembered
  }
  return cachedScope.snapshot;
}

/** The dialog's configuration travels as JSON: only the project's id and name. */
function dialogTarget(target: ProjectTarget, project: ProjectRef | undefined): unknown {
  if (project) return { project: { id: project.id, name: project.name } };
  if (target.kind === "partial") return { projectId: target.id, projectName: target.name };
  return {};
}

async function open(context: unknown): Promise<void> {
  const s = await session;
  const target = projectFromContext(context);
  // The dialog resolves the project again and shows why when it cannot.
  const project = await resolveProject(target, s).catch(() => undefined);
  await openDialog(
    DIALOG_ID,
    project ? `Backup scope: ${project.name}` : "Backup scope",
    { target: dialogTarget(target, project) },
    () => (cachedScope = undefined), // whatever happened in the dialog, read the scope afresh
  );
}

interface MenuItem {
  id: string;
  text: string;
  title?: string;
  icon?: string;
  action: (context: unknown) => Promise<void>;
}

async function menuItemText(context: unknown): Promise<string> {
  const s = await session;
  const project = await resolveProject(projectFromContext(context), s);
  return menuTextFor((await scope(s)).scope, project.id);
}

registerObject(ACTION_ID, {
  /** Hosts that ask get the item's text from the project's state: what choosing it will do. */
  async getMenuItems(context: unknown): Promise<MenuItem[]> {
    const text = await menuItemText(context).catch((e: unknown) => {
      // The menu still opens; the dialog shows the problem in full.
      console.warn("Backup scope: could not read the project's state for the menu.", e);
      return FALLBACK_TEXT;
    });
    return [
      {
        id: ACTION_ID,
        text,
        title: "Add this project to, or remove it from, the backup scope",
        icon: new URL("../../static/icons/icon-16.png", document.baseURI).href,
        action: (ctx: unknown) => open(ctx ?? context),
      },
    ];
  },
  /** Hosts that do not ask for menu items run the action with the static text. */
  execute(context: unknown): Promise<void> {
    return open(context);
  },
});
