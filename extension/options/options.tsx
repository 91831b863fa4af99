import { useEffect, useState } from "preact/hooks";
import { SERVICE_APP } from "../../src/core/app-profile";
import {
  DEFAULT_AUTHORITY,
  type SignInSettings,
  SettingsError,
  type SignInSettingsStore,
  allowedAuthoritiesText,
} from "../../src/browser/sign-in-settings";

export function Options({
  store,
}: {
  store: Pick<SignInSettingsStore, "load" | "save" | "variant">;
}) {
  const [settings, setSettings] = useState<SignInSettings>();
  const [problem, setProblem] = useState<{ field?: keyof SignInSettings; message: string }>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    store.load().then(setSettings, (e: Error) => setProblem({ message: e.message }));
  }, [store]);

  if (!settings) return <p role="status">Loading…</p>;

  const edit = (patch: Partial<SignInSettings>): void => {
    setSettings({ ...settings, ...patch });
    setSaved(false);
  };

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setProblem(undefined);
    try {
      setSettings(await store.save(settings));
      setSaved(true);
    } catch (err) {
      setProblem(
        err instanceof SettingsError
          ? { field: err.field, message: err.message }
          : { message: String(err) },
      );
    }
  };

  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <h1>Sign-in settings</h1>
      <p>
        The extension signs in to Microsoft Entra ID in the tenant of the Azure DevOps organization
        you have open. Change these only for a custom Entra app
        {store.variant.localHosts.length > 0 ? " or the emulated organization" : ""}.
      </p>
      <label for="authority">Sign-in authority</label>
      <input
        id="authority"
        type="url"
        value={settings.authority}
        aria-invalid={problem?.field === "authority"}
        aria-describedby="authority-hint"
        onInput={(e) => edit({ authority: (e.target as HTMLInputElement).value })}
      />
      <p id="authority-hint" class="hint">
        Default {DEFAULT_AUTHORITY}. The extension signs in only with{" "}
        {allowedAuthoritiesText(store.variant)}.
      </p>
      <label for="client-id">Application (client) id</label>
      <input
        id="client-id"
        type="text"
        value={settings.clientId}
        spellcheck={false}
        aria-invalid={problem?.field === "clientId"}
        aria-describedby="client-id-hint"
        onInput={(e) => edit({ clientId: (e.target as HTMLInputElement).value })}
      />
      <p id="client-id-hint" class="hint">
        Default: the {SERVICE_APP.displayName} ({SERVICE_APP.clientId}). Enter your tenant's custom
        Entra app id to sign in with it instead.
      </p>
      <p>
        <button type="submit">Save</button>{" "}
        <button
          type="button"
          onClick={() => edit({ authority: DEFAULT_AUTHORITY, clientId: SERVICE_APP.clientId })}
        >
          Restore defaults
        </button>
      </p>
      {problem && (
        <p role="alert" class="error">
          {problem.message}
        </p>
      )}
      <p role="status" class="status">
        {saved ? "Saved. The next sign-in uses these settings." : ""}
      </p>
    </form>
  );
}
