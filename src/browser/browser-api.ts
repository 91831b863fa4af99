// The slices of the WebExtension API (webextension-polyfill's `browser`) the adapters use. Each
// adapter asks only for its slice, so unit tests hand it a small fake and the type system shows
// that the token cache can reach `storage.session` and nothing else.
import type { Identity, Storage, Tabs } from "webextension-polyfill";

export type StorageAreaLike = Pick<Storage.StorageArea, "get" | "set" | "remove">;

export interface SessionStorageApi {
  storage: { session: StorageAreaLike };
}

export interface LocalStorageApi {
  storage: { local: StorageAreaLike };
}

export type IdentityApi = {
  identity: Pick<Identity.Static, "launchWebAuthFlow" | "getRedirectURL">;
};

export interface TabsApi {
  tabs: Pick<Tabs.Static, "get" | "query">;
}
