// Where the extension signs in, kept in `storage.local` (settings, never tokens): the Entra
// authority (Microsoft's; in the development variant also the emulated organization's fake one)
// and which app signs in.
import { SERVICE_APP, isClientId } from "../core/app-profile";
import type { LocalStorageApi } from "./browser-api";
import {
  BUILD_VARIANT,
  type BrowserVariant,
  ENTRA_AUTHORITY,
  isAllowedAuthority,
} from "./browser-variant";

export const DEFAULT_AUTHORITY = ENTRA_AUTHORITY;
const KEY = "signInSettings";

export interface SignInSettings {
  /** The Entra authority's origin, without a trailing slash. */
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

/** The authorities a variant accepts, in words for the options page. */
export function allowedAuthoritiesText(variant: BrowserVariant): string {
  if (variant.localHosts.length === 0) return ENTRA_AUTHORITY;
  const local = variant.localHosts.map((h) => `https://${h}:{port}`).join(" or ");
  return `${ENTRA_AUTHORITY}, or the emulated organization's at ${local}`;
}

function validAuthority(input: string, variant: BrowserVariant): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SettingsError(
      "authority",
      `The sign-in authority must be a full URL, such as ${ENTRA_AUTHORITY}.`,
    );
  }
  // Entra (and MSAL) only talk to an https: authority; the emulated one serves https too.
  if (url.protocol !== "https:" || url.search || url.hash) {
    throw new SettingsError(
      "authority",
      "The sign-in authority must be an https:// address without a query.",
    );
  }
  // The signed-in user's tokens go wherever the authority is: only Entra itself may have them.
  if (!isAllowedAuthority(url, variant) || url.pathname.replace(/\/+$/, "") !== "") {
    throw new SettingsError(
      "authority",
      `The extension signs in only with Microsoft Entra ID: the sign-in authority must be ${allowedAuthoritiesText(variant)}.`,
    );
  }
  return url.origin;
}

/** Checks and normalises settings as a person typed them; throws SettingsError naming the field. */
export function validSettings(
  input: SignInSettings,
  variant: BrowserVariant = BUILD_VARIANT,
): SignInSettings {
  const authority = validAuthority(input.authority, variant);
  const clientId = input.clientId.trim();
  if (!isClientId(clientId)) {
    throw new SettingsError(
      "clientId",
      "The application (client) id must be a GUID, such as 00000000-0000-0000-0000-000000000000.",
    );
  }
  return { authority, clientId: clientId.toLowerCase() };
}

export class SignInSettingsStore {
  constructor(
    private readonly browser: LocalStorageApi,
    readonly variant: BrowserVariant = BUILD_VARIANT,
  ) {}

  async load(): Promise<SignInSettings> {
    const stored = (await this.browser.storage.local.get(KEY))[KEY] as
      Partial<SignInSettings> | undefined;
    try {
      return validSettings({ ...DEFAULT_SIGN_IN_SETTINGS, ...stored }, this.variant);
    } catch {
      // Stored by an older version, or by the development variant, in a shape not valid here.
      return DEFAULT_SIGN_IN_SETTINGS;
    }
  }

  async save(settings: SignInSettings): Promise<SignInSettings> {
    const valid = validSettings(settings, this.variant);
    await this.browser.storage.local.set({ [KEY]: valid });
    return valid;
  }
}
