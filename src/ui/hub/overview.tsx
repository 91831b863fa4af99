// The backup state at a glance: tenant, consent, how many projects are protected, which data,
// the rule for new projects, and the last change.
import type { ComponentChildren } from "preact";
import type { AuditHistory } from "../../core/audit";
import type { ConsentStatus } from "../../core/consent";
import { describeDataTypes, encodeDataTypes } from "../../core/data-types";
import type { ReconciledScope, ScopeSettings } from "../../core/scope";
import type { ConnectionWire } from "../../core/service-api";
import type { TenantState } from "../components/access-gate";
import { formatCount, formatWhen } from "../format";
import { connectionSentence } from "./connection-sentence";

export interface OverviewProps {
  tenant: TenantState;
  reconciled: ReconciledScope | undefined;
  settings: ScopeSettings | undefined;
  projectsDone: boolean;
  history: AuditHistory | undefined;
  /** Undefined while the hub is still connecting. */
  consent?: ConsentStatus | undefined;
  /** The app the consent is about, e.g. "Backup service for Azure DevOps". */
  appName?: string | undefined;
  /** The backup service's connection; undefined while loading (or on a page without it). */
  connection?: ConnectionWire | undefined;
}

function Fact({
  term,
  children,
  note,
}: {
  term: string;
  children?: ComponentChildren;
  note?: string;
}) {
  return (
    <div class="fact">
      <dt>{term}</dt>
      <dd>
        {children ?? (
          <>
            <span class="placeholder" aria-hidden="true" />
            <span class="visually-hidden">Loading</span>
          </>
        )}
        {note ? <span class="fact-note">{note}</span> : null}
      </dd>
    </div>
  );
}

function tenantText(t: TenantState): string | undefined {
  switch (t.kind) {
    case "checking":
      return undefined;
    case "entra":
      return t.tenantId;
    case "none":
      return "None (Microsoft accounts)";
    case "unknown":
      return "Not revealed to this page";
    case "failed":
      return "Could not be read";
  }
}

function dataTypesText(r: ReconciledScope, settings: ScopeSettings): string {
  const masks = new Set<number>();
  for (const row of r.rows)
    if (row.coverage.kind === "chosen" || row.coverage.kind === "rule")
      masks.add(encodeDataTypes(row.coverage.dataTypes));
  if (masks.size === 0) return `None yet (new: ${describeDataTypes(settings.defaultDataTypes)})`;
  if (masks.size === 1) {
    const first = r.rows.find(
      (row) => row.coverage.kind === "chosen" || row.coverage.kind === "rule",
    );
    if (first && (first.coverage.kind === "chosen" || first.coverage.kind === "rule"))
      return describeDataTypes(first.coverage.dataTypes);
  }
  return "Varies by project";
}

function consentFact(status: ConsentStatus): string {
  switch (status.kind) {
    case "checking":
      return "Checking…";
    case "consented":
      return "Consented";
    case "not-consented":
      return "Not consented yet";
    case "unknown":
      return "Could not check";
    case "unchecked":
      return "Not checked yet";
  }
}

function consentNote(status: ConsentStatus | undefined, appName: string | undefined) {
  if (!status) return undefined;
  if (status.kind === "unknown") return status.reason;
  if (status.kind === "unchecked")
    return "A Project Collection Administrator has the backup service check it.";
  if (status.kind === "not-consented") return "A Global Administrator of the tenant must consent.";
  return appName;
}

export function Overview({
  tenant,
  reconciled,
  settings,
  projectsDone,
  history,
  consent,
  appName,
  connection,
}: OverviewProps) {
  const last = history?.records[0];
  const total = reconciled?.rows.length ?? 0;
  return (
    <dl class="facts">
      <Fact
        term="Microsoft Entra tenant"
        note={
          tenant.kind !== "unknown"
            ? undefined
            : "Azure DevOps keeps it from extensions here; a Global Administrator's consent reveals it."
        }
      >
        {tenantText(tenant)}
      </Fact>
      <Fact term="Backup app consent" note={consentNote(consent, appName)}>
        {consent ? consentFact(consent) : undefined}
      </Fact>
      <Fact
        term="Backup service connection"
        note={
          connection?.status === "renewalNeeded"
            ? `A Project Collection Administrator must connect again. It was made by ${connection.by.displayName}.`
            : undefined
        }
      >
        {connectionSentence(connection)}
      </Fact>
      <Fact
        term="Projects backed up"
        note={reconciled && !projectsDone ? "Still counting projects…" : undefined}
      >
        {reconciled
          ? `${formatCount(reconciled.protectedCount)} of ${formatCount(total)}${projectsDone ? "" : "+"}`
          : undefined}
      </Fact>
      <Fact term="Data backed up">
        {reconciled && settings ? dataTypesText(reconciled, settings) : undefined}
      </Fact>
      <Fact term="New projects">
        {settings
          ? settings.includeNewProjects
            ? "Join automatically"
            : "Added by hand"
          : undefined}
      </Fact>
      <Fact term="Last change">
        {history
          ? last
            ? `${last.by.displayName}, ${formatWhen(last.at)}`
            : "Never changed"
          : undefined}
      </Fact>
    </dl>
  );
}
