// The hub's Restore part (PCA only): choose a backup (a project, as backed up when), name the
// project to restore into, choose what of the backup to restore and map what differs, "Show plan",
// read it, "Restore", confirm, then the progress and what was created, data type by data type.
// Restore only creates; the service checks everything again.
import type { RestoreServices } from "../../service/backup-restore";
import { ModalDialog } from "../components/modal-dialog";
import { StatusMessage } from "../components/status-message";
import { formatWhen } from "../format";
import { RestorePlanView } from "./restore-plan-view";
import { RestoreResult } from "./restore-result";
import { RestoreDataChoice } from "./restore-data-choice";
import { heldDataTypes, snapshotValue } from "./restore-state";
import { describePlanSize, planCreates } from "./restore-words";
import { useRestore } from "./use-restore";

export interface RestoreSectionProps {
  services: RestoreServices;
  /** Changes when a backup ended (the backups to restore from are read again). */
  backupsEnded?: number;
}

const ABOUT =
  "A restore creates new repositories and wikis in a project of this organization, with every ref at its backed-up commit id, and new work items, pipelines, test plans and feeds; it never overwrites, deletes or force-pushes anything. To restore into another organization, use npm run restore.";

export function RestoreSection({ services, backupsEnded = 0 }: RestoreSectionProps) {
  const { state, dispatch, showPlan, apply } = useRestore(services, backupsEnded);
  const { snapshots, phase, plan } = state;
  const busy = phase === "planning" || phase === "starting" || phase === "restoring";
  return (
    <section class="restore" aria-labelledby="restore-title">
      <h3 id="restore-title">Restore a project from a backup</h3>
      <p class="details-meta">{ABOUT}</p>
      {state.loadProblem ? (
        <StatusMessage kind="error" title={state.loadProblem.title}>
          {state.loadProblem.detail}
        </StatusMessage>
      ) : null}
      {!snapshots ? (
        <p class="list-empty">Loading the backups…</p>
      ) : snapshots.length === 0 ? (
        <p class="list-empty">No backup to restore from yet.</p>
      ) : (
        <form
          class="restore-choice"
          onSubmit={(e) => {
            e.preventDefault();
            showPlan();
          }}
        >
          <p>
            <label for="restore-snapshot">Backup to restore</label>
            <br />
            <select
              id="restore-snapshot"
              value={state.snapshot}
              disabled={busy}
              onChange={(e) =>
                dispatch({
                  type: "snapshotChosen",
                  snapshot: (e.currentTarget as HTMLSelectElement).value,
                })
              }
            >
              {snapshots.map((s) => (
                <option key={snapshotValue(s)} value={snapshotValue(s)}>
                  {s.projectName}, backed up {formatWhen(s.at)}
                  {s.outcome === "partial" ? " (some items failed)" : ""}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="restore-target">Restore into project</label>
            <br />
            <input
              id="restore-target"
              class="search-box"
              type="text"
              spellcheck={false}
              autoComplete="off"
              value={state.target}
              disabled={busy}
              aria-invalid={state.targetProblem ? "true" : undefined}
              aria-describedby="restore-target-note"
              onInput={(e) =>
                dispatch({
                  type: "targetTyped",
                  target: (e.currentTarget as HTMLInputElement).value,
                })
              }
            />{" "}
            <span id="restore-target-note" class="fact-note">
              {state.targetProblem ?? "The name of an existing project of this organization."}
            </span>
          </p>
          <RestoreDataChoice
            held={heldDataTypes(snapshots.find((s) => snapshotValue(s) === state.snapshot))}
            chosen={state.dataTypes}
            unmapped={state.unmapped}
            mapping={state.mapping}
            mappingText={state.mappingText}
            disabled={busy}
            dispatch={dispatch}
          />
          <div class="button-row">
            <button type="submit" class="button" disabled={busy}>
              {phase === "planning" ? "Working out the plan…" : "Show plan"}
            </button>
          </div>
        </form>
      )}
      {state.problem ? (
        <StatusMessage kind="error" title={state.problem.title}>
          {state.problem.detail}
        </StatusMessage>
      ) : null}
      {plan && (phase === "planned" || phase === "confirming") ? (
        <>
          <RestorePlanView plan={plan} />
          <div class="button-row">
            <button
              type="button"
              class="button button--primary"
              disabled={!planCreates(plan)}
              onClick={() => dispatch({ type: "confirmAsked" })}
            >
              Restore
            </button>
          </div>
        </>
      ) : null}
      {plan && phase === "confirming" ? (
        <ModalDialog
          id="restore-confirm"
          title={`Restore into ${plan.target.projectName}?`}
          onCancel={() => dispatch({ type: "confirmCancelled" })}
          footer={
            <>
              <button type="button" class="button button--primary" onClick={apply}>
                Yes, restore
              </button>
              <button
                type="button"
                class="button"
                onClick={() => dispatch({ type: "confirmCancelled" })}
              >
                Cancel
              </button>
            </>
          }
        >
          <p>
            This creates {describePlanSize(plan)}, as the plan lists, acting as the account that
            connected the organization. Nothing that exists is changed.
          </p>
        </ModalDialog>
      ) : null}
      <RestoreResult restore={state.restore} starting={phase === "starting"} />
    </section>
  );
}
