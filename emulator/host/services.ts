// The services `getService(id)` returns to a contribution. Their methods travel as XDM proxy
// functions, so each call from the frame runs here, in the host page.
import { orgUrl } from "./boot";
import { EmulatorRequestError, readJson } from "./control-api";
import type { HostPage } from "./host-page";
import {
  openContributionOverlay,
  openMessageDialog,
  showBanner,
  showToast,
  type DialogOptions,
  type MessageDialogOptions,
} from "./overlays";

interface DocumentOptions {
  scopeType?: string;
  scopeValue?: string;
  defaultValue?: unknown;
}

type ExtensionDocument = { id?: string; __etag?: number | string } & Record<string, unknown>;

/** The ExtensionManagement documents API for one extension, called with the token the frame gave. */
function extensionDataManager(page: HostPage, extensionId: string, token: string) {
  const dot = extensionId.indexOf(".");
  const publisher = extensionId.slice(0, dot);
  const extension = extensionId.slice(dot + 1);
  const extmgmt =
    page.boot.resourceAreas["6c2b0933-3600-42ae-bf8b-93d4f7e83594"] ?? `${orgUrl(page.boot)}/`;
  const base = `${extmgmt}_apis/ExtensionManagement/InstalledExtensions/${encodeURIComponent(publisher)}/${encodeURIComponent(extension)}/Data`;
  const documentsUrl = (collection: string, options?: DocumentOptions, id?: string): string => {
    const scopeType = options?.scopeType ?? "Default";
    const scopeValue =
      options?.scopeValue ?? (scopeType.toLowerCase() === "user" ? "Me" : "Current");
    const tail = id === undefined ? "" : `/${encodeURIComponent(id)}`;
    return `${base}/Scopes/${encodeURIComponent(scopeType)}/${encodeURIComponent(scopeValue)}/Collections/${encodeURIComponent(collection)}/Documents${tail}`;
  };
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(url, {
      method,
      headers: {
        Accept: "application/json;api-version=7.1-preview.1",
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return readJson<T>(response);
  };
  const isMissing = (e: unknown): boolean => e instanceof EmulatorRequestError && e.status === 404;
  const unwrap = (body: unknown): ExtensionDocument[] =>
    Array.isArray(body)
      ? (body as ExtensionDocument[])
      : ((body as { value?: ExtensionDocument[] } | undefined)?.value ?? []);

  const manager = {
    async getValue(key: string, options?: DocumentOptions): Promise<unknown> {
      try {
        const doc = await call<ExtensionDocument>("GET", documentsUrl("$settings", options, key));
        return doc.value;
      } catch (e) {
        if (isMissing(e)) return options?.defaultValue;
        throw e;
      }
    },
    async setValue(key: string, value: unknown, options?: DocumentOptions): Promise<unknown> {
      // Like the real manager: settings are last-writer-wins documents in "$settings".
      const doc = await call<ExtensionDocument>("PUT", documentsUrl("$settings", options), {
        id: key,
        __etag: -1,
        value,
      });
      return doc.value;
    },
    async getDocument(collection: string, id: string, options?: DocumentOptions): Promise<unknown> {
      try {
        return await call<ExtensionDocument>("GET", documentsUrl(collection, options, id));
      } catch (e) {
        if (isMissing(e) && options && "defaultValue" in options) return options.defaultValue;
        throw e;
      }
    },
    async getDocuments(
      collection: string,
      options?: DocumentOptions,
    ): Promise<ExtensionDocument[]> {
      try {
        return unwrap(await call<unknown>("GET", documentsUrl(collection, options)));
      } catch (e) {
        if (isMissing(e)) return [];
        throw e;
      }
    },
    createDocument: (collection: string, doc: ExtensionDocument, options?: DocumentOptions) =>
      call<ExtensionDocument>("POST", documentsUrl(collection, options), doc),
    setDocument: (collection: string, doc: ExtensionDocument, options?: DocumentOptions) =>
      call<ExtensionDocument>("PUT", documentsUrl(collection, options), doc),
    updateDocument: (collection: string, doc: ExtensionDocument, options?: DocumentOptions) =>
      call<ExtensionDocument>("PATCH", documentsUrl(collection, options), doc),
    async deleteDocument(collection: string, id: string, options?: DocumentOptions): Promise<void> {
      await call<unknown>("DELETE", documentsUrl(collection, options, id));
    },
    async queryCollectionsByName(names: string[]) {
      return Promise.all(
        names.map(async (collectionName) => ({
          collectionName,
          scopeType: "Default",
          scopeValue: "Current",
          documents: await manager.getDocuments(collectionName),
        })),
      );
    },
    async queryCollections(
      collections: { collectionName: string; scopeType?: string; scopeValue?: string }[],
    ) {
      return Promise.all(
        collections.map(async (c) => ({
          ...c,
          documents: await manager.getDocuments(c.collectionName, {
            scopeType: c.scopeType,
            scopeValue: c.scopeValue,
          }),
        })),
      );
    },
  };
  return manager;
}

/**
 * The emulated organization's "hosts file": product code keeps Entra's real authority, and the
 * host maps it to the fake Entra when it navigates or opens a window (CONTRACT.md).
 */
export const ENTRA_PUBLIC_ORIGIN = "https://login.microsoftonline.com";

export function throughHostsFile(url: string, entraUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // relative or not a URL: the browser resolves it as usual
  }
  if (parsed.origin !== ENTRA_PUBLIC_ORIGIN) return url;
  return `${entraUrl.replace(/\/+$/, "")}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

function pageRoute(page: HostPage): { id: string; routeValues: Record<string, string> } {
  const route = page.boot.route;
  const project: Record<string, string> = route.project ? { project: route.project.name } : {};
  switch (route.kind) {
    case "project":
      return { id: "ms.vss-tfs-web.project-overview-route", routeValues: { ...project } };
    case "project-settings":
      return {
        id: "ms.vss-admin-web.project-admin-hub-route",
        routeValues: { ...project, adminPivot: route.hubId ?? "" },
      };
    case "projects":
      return {
        id: "ms.vss-admin-web.collection-admin-hub-route",
        routeValues: { adminPivot: "projects" },
      };
    default:
      return {
        id: "ms.vss-admin-web.collection-admin-hub-route",
        routeValues: { adminPivot: route.hubId ?? "" },
      };
  }
}

export function createServices(page: HostPage): Record<string, object> {
  const serviceRoot = `${orgUrl(page.boot)}/`;
  return {
    "ms.vss-features.location-service": {
      getServiceLocation: async () => serviceRoot,
      // Each area's own host (extmgmt, vsrm, …) from the boot data; others on dev.azure.com/{org}.
      getResourceAreaLocation: async (areaId: string) =>
        page.boot.resourceAreas[areaId.toLowerCase()] ?? serviceRoot,
      routeUrl: async (routeId: string, routeValues?: Record<string, string>) => {
        const project = routeValues?.["project"];
        const base = project
          ? `${serviceRoot}${encodeURIComponent(project)}`
          : serviceRoot.replace(/\/$/, "");
        return routeId.includes("admin")
          ? `${base}/_settings/${routeValues?.["adminPivot"] ?? ""}`
          : base;
      },
    },
    "ms.vss-features.extension-data-service": {
      getExtensionDataManager: async (extensionId: string, token: string) =>
        extensionDataManager(page, extensionId, token),
    },
    "ms.vss-tfs-web.tfs-page-data-service": {
      getProject: async () =>
        page.boot.route.project ? { ...page.boot.route.project } : undefined,
    },
    "ms.vss-features.host-navigation-service": {
      navigate: (url: string) => window.location.assign(throughHostsFile(url, page.boot.entraUrl)),
      openNewWindow: (url: string, features?: string) =>
        void window.open(throughHostsFile(url, page.boot.entraUrl), "_blank", features),
      getQueryParams: async () => Object.fromEntries(new URLSearchParams(window.location.search)),
      setQueryParams: (params: Record<string, string>) => {
        const url = new URL(window.location.href);
        for (const [k, v] of Object.entries(params)) {
          if (v === undefined || v === null || v === "") url.searchParams.delete(k);
          else url.searchParams.set(k, v);
        }
        history.pushState(history.state, "", url);
      },
      getHash: async () => window.location.hash.replace(/^#/, ""),
      setHash: (hash: string) => void (window.location.hash = hash),
      replaceHash: (hash: string) => {
        const url = new URL(window.location.href);
        url.hash = hash;
        history.replaceState(history.state, "", url);
      },
      onHashChanged: (callback: (hash: string) => void) => {
        window.addEventListener("hashchange", () =>
          callback(window.location.hash.replace(/^#/, "")),
        );
      },
      setDocumentTitle: (title: string) => void (document.title = title),
      reload: () => window.location.reload(),
      getPageRoute: async () => pageRoute(page),
      getPageNavigationElements: async () => [],
    },
    "ms.vss-features.host-page-layout-service": {
      openCustomDialog: (contributionId: string, options?: DialogOptions) =>
        openContributionOverlay(page, "dialog", contributionId, options),
      openPanel: (contributionId: string, options?: DialogOptions) =>
        openContributionOverlay(page, "panel", contributionId, options),
      openMessageDialog: (message: string, options?: MessageDialogOptions) =>
        openMessageDialog(message, options),
      getFullScreenMode: async () => document.documentElement.classList.contains("full-screen"),
      setFullScreenMode: (on: boolean) =>
        void document.documentElement.classList.toggle("full-screen", !!on),
    },
    "ms.vss-tfs-web.tfs-global-messages-service": {
      addToast: (toast: { message: string; duration?: number }) =>
        showToast(page.toastRegion, toast.message, toast.duration ?? 5000),
      addBanner: (banner: { message?: string; level?: number; dismissable?: boolean }) =>
        showBanner(page.bannerRegion, banner),
      closeBanner: () => page.bannerRegion.replaceChildren(),
      addDialog: (dialog: { message?: string; title?: string; onDismiss?: () => void }) =>
        openMessageDialog(dialog.message ?? "", {
          title: dialog.title,
          onClose: () => dialog.onDismiss?.(),
        }),
      closeDialog: () =>
        document.querySelector<HTMLButtonElement>(".overlay-backdrop .overlay-close")?.click(),
    },
  };
}
