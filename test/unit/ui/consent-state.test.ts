// The consent step's state as a pure reducer, without a DOM: the service's answer, a stale check
// answer dropped, the tenant a PCA types, and saving an app choice.
import type { ScopeSnapshot } from "../../../src/core/scope-store";
import { DEFAULT_SETTINGS } from "../../../src/core/scope-schema";
import {
  type ConsentAction,
  type ConsentState,
  appNameOf,
  consentReducer,
  initialConsentState,
} from "../../../src/ui/hub/consent-state";
import {
  type ConsentStepAction,
  consentStepReducer,
  initialConsentStep,
} from "../../../src/ui/hub/consent-step-state";
import { newRequestId } from "../../../src/ui/latest-answer";

const snapshot = (consent?: NonNullable<ScopeSnapshot["organization"]>["consent"]): ScopeSnapshot =>
  ({
    scope: { settings: { ...DEFAULT_SETTINGS }, entries: new Map() },
    etags: new Map(),
    problems: [],
    ...(consent ? { organization: { organization: "fabrikam", consent } } : {}),
  }) as ScopeSnapshot;

const run = (...actions: ConsentAction[]): ConsentState =>
  actions.reduce(consentReducer, initialConsentState);

const granted = {
  status: "granted" as const,
  tenantId: "t-1",
  clientId: "c-1",
  checkedAt: "2026-11-29T10:00:00.000Z",
};

describe("the consent step's state", () => {
  it("shows what the service said with the state, and the provided app", () => {
    const state = run({ type: "served", snapshot: snapshot(granted) });
    expect(state.status).toEqual({ kind: "consented" });
    expect(state.checkedAt).toEqual(new Date(granted.checkedAt));
    expect(appNameOf(state)).toBeDefined();
    expect(run({ type: "served", snapshot: snapshot() }).status).toEqual({
      kind: "unknown",
      reason: "The backup service did not say.",
    });
    expect(run({ type: "served", snapshot: snapshot({ status: "unknown" }) }).status).toEqual({
      kind: "unchecked",
    });
  });

  it("shows the answer of the latest check only", () => {
    const first = newRequestId();
    const second = newRequestId();
    const at = new Date("2026-11-29T11:00:00.000Z");
    const state = run(
      { type: "check-started", requestId: first, automatic: true },
      { type: "check-started", requestId: second, automatic: false },
      { type: "check-answered", requestId: first, wire: granted, at },
    );
    expect(state.status).toEqual({ kind: "checking" });
    expect(state.autoChecked).toBe(true);
    const answered = consentReducer(state, {
      type: "check-failed",
      requestId: second,
      reason: "The service is down.",
    });
    expect(answered.status).toEqual({ kind: "unknown", reason: "The service is down." });
    expect(answered.checkRequest).toBeUndefined();
  });

  it("shows the app profile stored now: the one saved, or another administrator's", () => {
    const served = run({ type: "served", snapshot: snapshot(granted) });
    const theirs = { ...served.profile!, etag: 7 };
    expect(consentReducer(served, { type: "profile-stored", profile: theirs }).profile).toBe(
      theirs,
    );
  });
});

describe("the consent step's own state", () => {
  const step = (...actions: ConsentStepAction[]) =>
    actions.reduce(consentStepReducer, initialConsentStep);

  it("forgets a link made for another tenant when the PCA types a new one", () => {
    const state = step(
      { type: "link-made", state: "s-1" },
      { type: "link-shown", link: "https://login.microsoftonline.com/t-1/adminconsent" },
      { type: "link-note", note: "Link copied." },
      { type: "tenant-typed", value: "contoso.onmicrosoft.com" },
    );
    expect(state.sentStates).toEqual(["s-1"]);
    expect(state.link).toBeUndefined();
    expect(state.linkNote).toBeUndefined();
    expect(state.tenantValue).toBe("contoso.onmicrosoft.com");
    expect(state.showTenantProblem).toBe(false);
    expect(consentStepReducer(state, { type: "tenant-problem-shown" }).showTenantProblem).toBe(
      true,
    );
  });

  it("saves an app choice: saving, then the outcome, and forgets the old app's link", () => {
    const saving = step({ type: "link-shown", link: "https://x" }, { type: "profile-saving" });
    expect(saving.savingProfile).toBe(true);
    const failed = consentStepReducer(saving, {
      type: "profile-save-failed",
      problem: "Another administrator changed the backup app meanwhile.",
    });
    expect(failed.savingProfile).toBe(false);
    expect(failed.saveProblem).toMatch(/Another administrator/);
    const saved = step(
      { type: "link-shown", link: "https://x" },
      { type: "profile-saving" },
      {
        type: "profile-saved",
        notice: "Saved.",
      },
    );
    expect(saved.saveProblem).toBeUndefined();
    expect(saved.saveNotice).toBe("Saved.");
    expect(saved.link).toBeUndefined();
  });
});
