// A fake `browser` in the spirit of mozilla/webextension-polyfill's tests: plain objects with
// promise-returning methods and jest mocks, holding only the state the code under test touches.
import type { Tabs } from "webextension-polyfill";

/** Storage keeps copies, as the browser does; jsdom has no structuredClone, and values are JSON. */
const copyOf = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

export class FakeStorageArea {
  readonly items = new Map<string, unknown>();
  readonly get = jest.fn(
    async (keys?: string | string[] | null): Promise<Record<string, unknown>> => {
      const wanted =
        keys === null || keys === undefined
          ? [...this.items.keys()]
          : Array.isArray(keys)
            ? keys
            : [keys];
      const out: Record<string, unknown> = {};
      for (const k of wanted) if (this.items.has(k)) out[k] = copyOf(this.items.get(k));
      return out;
    },
  );
  readonly set = jest.fn(async (items: Record<string, unknown>): Promise<void> => {
    for (const [k, v] of Object.entries(items)) this.items.set(k, copyOf(v));
  });
  readonly remove = jest.fn(async (keys: string | string[]): Promise<void> => {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.items.delete(k);
  });
}

export function fakeBrowser(tabs: Partial<Tabs.Tab>[] = []) {
  return {
    storage: {
      session: new FakeStorageArea(),
      local: new FakeStorageArea(),
      sync: new FakeStorageArea(),
    },
    tabs: {
      get: jest.fn(async (id: number) => {
        const tab = tabs.find((t) => t.id === id);
        if (!tab) throw new Error(`No tab with id: ${id}.`);
        return tab as Tabs.Tab;
      }),
      query: jest.fn(
        async (_q: Tabs.QueryQueryInfoType) => tabs.filter((t) => t.active) as Tabs.Tab[],
      ),
    },
    identity: {
      getRedirectURL: jest.fn(
        (path?: string) => `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/${path ?? ""}`,
      ),
      launchWebAuthFlow: jest.fn(
        async (_d: { url: string; interactive?: boolean }): Promise<string> => {
          throw new Error("The user did not approve access.");
        },
      ),
    },
  };
}
