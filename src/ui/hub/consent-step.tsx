// Step 2 of setting up backup, for a Project Collection Administrator: which Entra app the
// tenant uses, whether a Global Administrator has consented to it, and how to ask for consent.
import { useEffect, useRef, useState } from "preact/hooks";
import {
  type AppProfile,
  REQUIRED_PERMISSIONS,
  SERVICE_APP,
  clientIdProblem,
  customAppProfile,
  sameAppProfile,
} from "../../core/app-profile";
import type { ConsentStatus } from "../../core/consent";
import { StatusMessage } from "../components/status-message";
import { formatWhen } from "../format";
import type { ConsentStep as ConsentStepState, TenantEntry } from "./use-consent-step";

function statusSentence(status: ConsentStatus, appName: string): string {
  switch (status.kind) {
    case "checking":
      return `Checking whether ${appName} is consented…`;
    case "consented":
      return `Consented: ${appName} may act for your tenant.`;
    case "not-consented":
      return `Not consented yet: a Global Administrator of your tenant has not consented to ${appName}.`;
    case "unknown":
      return `Could not check consent: ${status.reason}`;
    case "unchecked":
      return `Not checked yet: the backup service has not asked Microsoft Entra about ${appName}. Use Check again.`;
  }
}

export interface ConsentStepProps {
  consent: ConsentStepState;
  disabled?: boolean;
}

export function ConsentStep({ consent, disabled }: ConsentStepProps) {
  const linkField = useRef<HTMLInputElement>(null);
  const app = consent.profile?.setting.profile;
  const appName = app
    ? app.kind === "service"
      ? app.displayName
      : `your own Entra app (${app.clientId})`
    : "the backup app";
  const { status } = consent;
  return (
    <div class="consent-step">
      <p role="status" aria-live="polite" aria-label="Consent check" class="consent-status">
        {statusSentence(status, appName)}
        {consent.checkedAt && status.kind !== "checking" ? (
          <span class="fact-note">Checked {formatWhen(consent.checkedAt.toISOString())}.</span>
        ) : null}
      </p>
      <div class="button-row">
        <button
          type="button"
          class="button"
          disabled={status.kind === "checking"}
          onClick={consent.checkAgain}
        >
          Check again
        </button>
      </div>
      {status.kind !== "consented" ? (
        <section class="consent-ask" aria-labelledby="consent-ask-title">
          <h3 id="consent-ask-title" class="details-title">
            Ask a Global Administrator to consent
          </h3>
          <p>
            A Global Administrator of your Microsoft Entra tenant consents once, for the whole
            tenant, to {appName} using these delegated permissions:
          </p>
          <ul class="plain-list" aria-label="Permissions asked for">
            {REQUIRED_PERMISSIONS.map((p) => (
              <li key={p.scope}>
                <strong>{p.api}</strong>: {p.scope.split("/").pop()} (delegated). {p.why}.
              </li>
            ))}
          </ul>
          {consent.tenantEntry ? (
            <TenantField entry={consent.tenantEntry} disabled={disabled} />
          ) : null}
          {consent.urlProblem ? (
            <p class="details-meta">{consent.urlProblem}</p>
          ) : (
            <>
              <p>
                If you are a Global Administrator, open the consent page and sign in. Otherwise,
                copy the link and send it to one. Microsoft Entra returns to the backup service,
                which records the answer; this page asks it again when you come back.
              </p>
              <div class="button-row">
                <button
                  type="button"
                  class="button button--primary"
                  disabled={disabled}
                  onClick={consent.openConsentPage}
                >
                  Open the consent page
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={disabled}
                  onClick={() => consent.copyLink(linkField.current)}
                >
                  Copy link
                </button>
              </div>
            </>
          )}
          {app?.kind === "custom" ? (
            <p class="details-meta">
              The link asks consent for your own Entra app, application (client) ID {app.clientId}
              {consent.profile?.setting.changedBy
                ? `, chosen by ${consent.profile.setting.changedBy.displayName}${consent.profile.setting.changedAt ? ` ${formatWhen(consent.profile.setting.changedAt)}` : ""}`
                : ""}
              .
            </p>
          ) : null}
          {consent.linkNote ? (
            <p role="status" class="details-meta">
              {consent.linkNote}
            </p>
          ) : null}
          {consent.link ? (
            <p>
              <label class="details-meta" for="consent-link">
                Consent link
              </label>
              <input
                id="consent-link"
                ref={linkField}
                class="search-box"
                type="text"
                readOnly
                value={consent.link}
                onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
              />
            </p>
          ) : null}
        </section>
      ) : null}
      <AppProfileForm consent={consent} disabled={disabled} />
    </div>
  );
}

/** Asks for the tenant Azure DevOps did not reveal: it addresses the consent request, nothing more. */
function TenantField({ entry, disabled }: { entry: TenantEntry; disabled?: boolean | undefined }) {
  return (
    <div class="tenant-entry">
      <p>
        Azure DevOps did not reveal your organization's Microsoft Entra tenant to this page, so the
        consent request needs it from you. A Global Administrator finds it in the Microsoft Entra
        admin center, on the Overview page: the Tenant ID or the primary domain.
      </p>
      <p>
        <label for="consent-tenant">Tenant ID or primary domain</label>
        <br />
        <input
          id="consent-tenant"
          class="search-box"
          type="text"
          spellcheck={false}
          autoComplete="off"
          disabled={disabled}
          value={entry.value}
          aria-invalid={entry.showProblem ? "true" : undefined}
          aria-describedby="consent-tenant-help"
          onInput={(e) => entry.set((e.currentTarget as HTMLInputElement).value)}
          onBlur={entry.leave}
        />
        <span id="consent-tenant-help" class="fact-note" aria-live="polite">
          {entry.showProblem
            ? entry.problem
            : "For example 85bdc543-be4e-4cdc-9e52-7592e5333ced or fabrikam.onmicrosoft.com. It only addresses the consent request; this page still checks the outcome itself."}
        </span>
      </p>
    </div>
  );
}

/** The two kinds of backup app, as the form offers them. */
const APP_KINDS: readonly (readonly [AppProfile["kind"], string])[] = [
  ["service", "Use the provided backup service app"],
  ["custom", "Use our own Entra app"],
];

function AppProfileForm({ consent, disabled }: ConsentStepProps) {
  const stored = consent.profile?.setting.profile;
  const [kind, setKind] = useState<AppProfile["kind"]>(stored?.kind ?? "service");
  const [clientId, setClientId] = useState(stored?.kind === "custom" ? stored.clientId : "");
  const [touched, setTouched] = useState(false);
  // What is stored may change under the form (a load, another admin's save): follow it.
  useEffect(() => {
    if (!stored) return;
    setKind(stored.kind);
    setClientId(stored.kind === "custom" ? stored.clientId : "");
    setTouched(false);
  }, [stored?.kind, stored?.clientId]);

  const problem = kind === "custom" ? clientIdProblem(clientId) : undefined;
  const wanted =
    kind === "service" ? SERVICE_APP : problem ? undefined : customAppProfile(clientId);
  const unchanged = !!stored && !!wanted && sameAppProfile(stored, wanted);
  const off = disabled || !stored || consent.savingProfile;
  return (
    <form
      class="app-profile"
      aria-labelledby="app-profile-title"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (wanted && !unchanged) void consent.saveProfile(wanted);
      }}
    >
      <h3 id="app-profile-title" class="details-title">
        Which Entra app
      </h3>
      {consent.profileProblem ? (
        <StatusMessage kind="warning" title="The stored app profile cannot be read.">
          {consent.profileProblem} Saving a choice below replaces it.
        </StatusMessage>
      ) : null}
      <fieldset class="data-types" disabled={off}>
        <legend class="visually-hidden">Backup app</legend>
        {APP_KINDS.map(([k, label]) => (
          <label class="check" key={k}>
            <input type="radio" name="app-kind" checked={kind === k} onChange={() => setKind(k)} />
            {label}
          </label>
        ))}
        {kind === "custom" ? (
          <p>
            <label for="app-client-id">Application (client) ID</label>
            <br />
            <input
              id="app-client-id"
              class="search-box"
              type="text"
              spellcheck={false}
              autoComplete="off"
              value={clientId}
              aria-invalid={touched && problem ? "true" : undefined}
              aria-describedby="app-client-id-help"
              onInput={(e) => setClientId((e.currentTarget as HTMLInputElement).value)}
              onBlur={() => setTouched(true)}
            />
            <span id="app-client-id-help" class="fact-note">
              {touched && problem
                ? problem
                : "Register it in your tenant with the same delegated permissions as above."}
            </span>
          </p>
        ) : null}
      </fieldset>
      <div class="button-row">
        <button type="submit" class="button" disabled={off || unchanged}>
          {consent.savingProfile ? "Applying…" : "Apply app choice"}
        </button>
      </div>
      {consent.saveProblem ? (
        <StatusMessage kind="error" title="The app choice was not saved.">
          {consent.saveProblem}
        </StatusMessage>
      ) : null}
      {consent.saveNotice ? (
        <p role="status" class="details-meta">
          {consent.saveNotice}
        </p>
      ) : null}
    </form>
  );
}
