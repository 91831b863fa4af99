// The probe contribution: a page that uses the REAL azure-devops-extension-sdk and -api exactly as
// an extension would, against the emulated host. What it learns goes to `window.probe` (read by
// host-protocol.test.ts) and to the page, so a failure is visible in a screenshot too.
import * as SDK from "azure-devops-extension-sdk";
import { getClient } from "azure-devops-extension-api/Common";
import type {
  IExtensionDataService,
  IGlobalMessagesService,
  IHostPageLayoutService,
  ILocationService,
  IProjectPageService,
} from "azure-devops-extension-api/Common";
import { CoreRestClient } from "azure-devops-extension-api/Core";
import { ExtensionManagementRestClient } from "azure-devops-extension-api/ExtensionManagement";

interface ProbeState {
  role?: string;
  results: Record<string, unknown>;
  actionContexts: unknown[];
  themeEvents: string[];
  dialogResult?: unknown;
  done?: boolean;
  error?: string;
}

const probe: ProbeState = { results: {}, actionContexts: [], themeEvents: [] };
(window as unknown as { probe: ProbeState }).probe = probe;

const root = document.getElementById("root") as HTMLElement;
function line(text: string, tag: "p" | "h1" = "p"): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  root.append(node);
  return node;
}

function projectNameOf(context: unknown): string {
  const c = (context ?? {}) as { name?: string; project?: { name?: string } };
  return c.project?.name ?? c.name ?? "?";
}

async function toast(message: string): Promise<void> {
  const messages = await SDK.getService<IGlobalMessagesService>(
    "ms.vss-tfs-web.tfs-global-messages-service",
  );
  messages.addToast({ message, duration: 20000 });
}

// Both kinds of action object: one with execute(), one with getMenuItems().
SDK.register("probe-action", () => ({
  execute: async (context: unknown) => {
    probe.actionContexts.push({ via: "execute", context });
    await toast(`Probe executed for ${projectNameOf(context)}`);
  },
}));
SDK.register("probe-items-action", {
  getMenuItems: (context: unknown) => [
    {
      text: `Probe item for ${projectNameOf(context)}`,
      action: async (actionContext: unknown) => {
        probe.actionContexts.push({ via: "getMenuItems", context: actionContext });
        await toast(`Probe item ran for ${projectNameOf(actionContext)}`);
      },
    },
  ],
});

window.addEventListener("themeApplied", () => {
  probe.themeEvents.push(
    getComputedStyle(document.documentElement).getPropertyValue("--background-color").trim(),
  );
});

async function runHub(): Promise<void> {
  const r = probe.results;
  r["handshake"] = {
    contributionId: SDK.getContributionId(),
    extension: SDK.getExtensionContext(),
    user: SDK.getUser(),
    host: SDK.getHost(),
    webContext: SDK.getWebContext(),
    configuration: SDK.getConfiguration(),
  };
  r["backgroundColor"] = getComputedStyle(document.documentElement)
    .getPropertyValue("--background-color")
    .trim();

  const token = await SDK.getAccessToken();
  r["accessTokenLength"] = token.length;
  r["sameTokenAgain"] = (await SDK.getAccessToken()) === token;

  const location = await SDK.getService<ILocationService>("ms.vss-features.location-service");
  r["coreLocation"] = await location.getResourceAreaLocation(CoreRestClient.RESOURCE_AREA_ID);
  r["extensionDataLocation"] = await location.getResourceAreaLocation(
    ExtensionManagementRestClient.RESOURCE_AREA_ID,
  );
  // The real api client resolves its own area through the location service.
  const viaClient = await getClient(ExtensionManagementRestClient).createDocumentByName(
    { id: `client-${Date.now()}`, value: "via the api client" },
    SDK.getExtensionContext().publisherId,
    SDK.getExtensionContext().extensionId,
    "Default",
    "Current",
    "probe-client",
  );
  r["clientDocument"] = viaClient;
  const pageData = await SDK.getService<IProjectPageService>(
    "ms.vss-tfs-web.tfs-page-data-service",
  );
  r["pageProject"] = (await pageData.getProject()) ?? null;

  // Extension data: create, update with the right etag, then a stale etag must be refused.
  const dataService = await SDK.getService<IExtensionDataService>(
    "ms.vss-features.extension-data-service",
  );
  const data = await dataService.getExtensionDataManager(SDK.getExtensionContext().id, token);
  const id = `probe-${Date.now()}`;
  const created = await data.createDocument("probe", { id, value: 1 });
  const updated = await data.updateDocument("probe", { ...created, value: 2 });
  let stale: unknown;
  try {
    await data.updateDocument("probe", { ...created, value: 3 });
    stale = { rejected: false };
  } catch (e) {
    stale = { rejected: true, message: (e as { message?: string }).message };
  }
  const read = await data.getDocument("probe", id);
  let missing: unknown;
  try {
    await data.getDocument("probe", "no-such-document");
    missing = { rejected: false };
  } catch (e) {
    missing = { rejected: true, message: (e as { message?: string }).message };
  }
  r["data"] = {
    created,
    updated,
    read,
    stale,
    missing,
    settingDefault: await data.getValue("unset-key", { defaultValue: "fallback" }),
  };

  // Every project, page by page, with the api client the extension uses.
  const core = getClient(CoreRestClient);
  const ids = new Set<string>();
  let pages = 0;
  let continuation: string | undefined;
  do {
    const page = await core.getProjects(
      undefined,
      1000,
      undefined,
      continuation as unknown as number,
    );
    pages++;
    for (const p of page) ids.add(p.id);
    continuation = page.continuationToken || undefined;
  } while (continuation && pages < 100);
  r["projects"] = { unique: ids.size, pages };

  // Nested app auth: the SDK's bridge to DevOps.NestedAppAuth, spoken in MSAL's envelope format.
  await SDK.enableNestedAppAuth();
  const bridge = (
    window as unknown as {
      nestedAppAuthBridge: {
        postMessage(m: string): void;
        addEventListener(t: string, l: (r: string | { data: string }) => void): void;
      };
    }
  ).nestedAppAuthBridge;
  const answers = new Map<string, (v: unknown) => void>();
  bridge.addEventListener("message", (response) => {
    const parsed = JSON.parse(typeof response === "string" ? response : response.data) as {
      requestId: string;
    };
    answers.get(parsed.requestId)?.(parsed);
  });
  const ask = (method: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve) => {
      const requestId = `${method}-${Math.random()}`;
      answers.set(requestId, resolve);
      bridge.postMessage(
        JSON.stringify({ messageType: "NestedAppAuthRequest", method, requestId, ...extra }),
      );
    });
  r["naaInit"] = await ask("GetInitContext");
  r["naaToken"] = await ask("GetToken", {
    tokenParams: {
      clientId: "00000000-0000-0000-0000-00000000beef",
      scope: "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation",
      correlationId: "probe",
    },
  });
  // An app registered without Azure DevOps' SPA redirect URI: Entra refuses it.
  r["naaMisregistered"] = await ask("GetToken", {
    tokenParams: {
      clientId: "00000000-0000-0000-0000-00000000cafe",
      scope: "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation",
      correlationId: "probe-misregistered",
    },
  });

  const openDialog = document.createElement("button");
  openDialog.textContent = "Open probe dialog";
  openDialog.addEventListener("click", async () => {
    const layout = await SDK.getService<IHostPageLayoutService>(
      "ms.vss-features.host-page-layout-service",
    );
    layout.openCustomDialog(`${SDK.getExtensionContext().id}.probe-dialog`, {
      title: "Probe dialog",
      configuration: { greeting: "hello from the hub" },
      onClose: (result: unknown) => {
        probe.dialogResult = result;
        line(`Dialog closed with ${JSON.stringify(result)}`);
      },
    });
  });
  root.append(openDialog);
}

function runDialog(): void {
  const config = SDK.getConfiguration() as {
    greeting?: string;
    dialog?: { close(result: unknown): void };
  };
  line(`Greeting: ${config.greeting ?? "(none)"}`);
  const close = document.createElement("button");
  close.textContent = "Close with result";
  close.addEventListener("click", () =>
    config.dialog?.close({ answer: 42, greeting: config.greeting }),
  );
  root.append(close);
}

async function main(): Promise<void> {
  await SDK.init({ loaded: false, applyTheme: true });
  const id = SDK.getContributionId();
  probe.role = id.slice(id.lastIndexOf(".") + 1);
  line(`Probe: ${probe.role}`, "h1");
  try {
    if (probe.role === "probe-hub") await runHub();
    else if (probe.role === "probe-dialog") runDialog();
    probe.done = true;
    line("Probe finished");
    await SDK.notifyLoadSucceeded();
  } catch (e) {
    probe.error = e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : JSON.stringify(e);
    line(`Probe failed: ${probe.error}`);
    await SDK.notifyLoadFailed(probe.error);
  }
  SDK.resize();
}

void main();
