// Where the extension signs in, kept in `storage.local` (settings, never tokens): the Entra
// authority (the real one, or the emulated organization's fake authority) and which app signs in.
import { SERVICE_APP, isClientId } from "../core/appProfile";
import type { LocalStorageApi } from "./browserApi";

export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
const KEY = "signInSettings";

export interface SignInSettings {
  /** The Entra authority's origin (and path, if any), without a trailing slash. */
  authority: string;
  /** The provided service app, or the tenant's custom Entra app. */
  clientId: string;
}

export const DEFAULT_SIGN_IN_SETTINGS: SignInSettings = {
  authority: DEFAULT_AUTHORITY,
  clientId: SERVICE_APP.clientId,
};

export class SettingsError extends Error {
  constructor(
    readonly field: keyof SignInSettings,
    message: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

/** Checks and normalises settings as a person typed them; throws SettingsError naming the field. */
export function validSettings(input: SignInSettings): SignInSettings {
  let url: URL;
  try {
    url = new URL(input.authority.trim());
  } catch {
    throw new SettingsError(
      "authority",
      "The sign-in authority must be a full URL, such as https://login.microsoftonline.com.",
    );
  }
  // Entra (and MSAL) only talk to an https: authority; the emulated one serves https too.
  if (url.protocol !== "https:" || url.search || url.hash) {
    throw new SettingsError(
      "authority",
      "The sign-in authority must be an https:// address without a query.",
    );
  }
  const clientId = input.clientId.trim();
  if (!isClientId(clientId)) {
    throw new SettingsError(
      "clientId",
      "The application (client) id must be a GUID, such as 00000000-0000-0000-0000-000000000000.",
    );
  }
  return {
    authority: `${url.origin}${url.pathname}`.replace(/\/+$/, ""),
    clientId: clientId.toLowerCase(),
  };
}

export class SignInSettingsStore {
  constructor(private readonly browser: LocalStorageApi) {}

  async load(): Promise<SignInSettings> {
    const stored = (await this.browser.storage.local.get(KEY))[KEY] as
      Partial<SignInSettings> | undefined;
    try {
      return validSettings({ ...DEFAULT_SIGN_IN_SETTINGS, ...stored });
    } catch {
      return DEFAULT_SIGN_IN_SETTINGS; // stored by an older version in a shape no longer valid
    }
  }

  async save(settings: SignInSettings): Promise<SignInSettings> {
    const valid = validSettings(settings);
    await this.browser.storage.local.set({ [KEY]: valid });
    return valid;
  }
}
