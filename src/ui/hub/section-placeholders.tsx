// What holds the place of the hub's later sections until their code has arrived: the same cards
// with their headings, so nothing jumps when the sections replace them.
import type { Access } from "../components/access-gate";
import { Card } from "../components/page";
import type { Problem } from "../problems";
import { ProblemMessage } from "../components/problem-message";
import { SectionLoading } from "./hub-messages";
import { SaveBar } from "./save-bar";
import {
  BACKUPS_CARD,
  CONNECTION_CARD,
  CONSENT_CARD,
  HISTORY_CARD,
  SCOPE_CARD,
} from "./section-cards";

export interface SectionPlaceholdersProps {
  access: Access;
  /** Which optional sections this hub has. */
  backups: boolean;
  connection: boolean;
  consent: boolean;
  historyProblem: Problem | undefined;
}

export function SectionPlaceholders(props: SectionPlaceholdersProps) {
  const allowed = props.access === "allowed";
  return (
    <>
      {props.backups ? (
        <Card {...BACKUPS_CARD}>
          <SectionLoading />
        </Card>
      ) : null}
      {allowed && props.connection ? (
        <Card {...CONNECTION_CARD}>
          <SectionLoading />
        </Card>
      ) : null}
      {allowed && props.consent ? (
        <Card {...CONSENT_CARD}>
          <SectionLoading />
        </Card>
      ) : null}
      {allowed || props.access === "checking" ? (
        <Card {...SCOPE_CARD}>
          {/* The editor's own look while it has no scope yet: the same place, no jump. */}
          <div class="details" aria-busy="true" />
          <SaveBar disabled saving={false} changeCount={0} onSave={() => undefined} />
        </Card>
      ) : null}
      <Card {...HISTORY_CARD}>
        {props.historyProblem ? (
          <ProblemMessage problem={props.historyProblem} />
        ) : (
          <p class="list-empty">Loading history…</p>
        )}
      </Card>
    </>
  );
}
