// The Azure DevOps host, through the real SDK: the handshake, the signed-in user, tokens, and the
// host's services. The only module that calls azure-devops-extension-sdk.
import * as SDK from "azure-devops-extension-sdk";
import type {
  IExtensionDataService,
  IGlobalMessagesService,
  IHostNavigationService,
  IHostPageLayoutService,
  ILocationService,
  IProjectPageService,
} from "azure-devops-extension-api/Common";
import type { Actor, ProjectRef } from "../core/scope";
import { OrganizationService } from "./organization";
import { CORE_AREA } from "./resource-areas";
import { AdoTransport, type TransportEvent } from "./transport";

/** Service ids (docs/platform.md#host-services); the api's CommonServiceIds is a const enum swc cannot inline. */
const SERVICES = {
  location: "ms.vss-features.location-service",
  extensionData: "ms.vss-features.extension-data-service",
  pageData: "ms.vss-tfs-web.tfs-page-data-service",
  navigation: "ms.vss-features.host-navigation-service",
  layout: "ms.vss-features.host-page-layout-service",
  messages: "ms.vss-tfs-web.tfs-global-messages-service",
} as const;

export interface HostSession {
  user: Actor & { email: string };
  organization: { id: string; name: string };
  extension: { publisherId: string; extensionId: string; version: string };
  /** The organization's URL, resolved by the location service (never hard-coded). */
  rootPath: Promise<string>;
  transport: AdoTransport;
  organizationService: OrganizationService;
  configuration: Record<string, unknown>;
}

export interface ConnectOptions {
  onTransportEvent?: (e: TransportEvent) => void;
}

/** Whether a CSS colour (rgb[a]() or #rrggbb) is dark: how the host's theme is told apart. */
export function isDarkColor(color: string | undefined): boolean | undefined {
  if (!color) return undefined;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(color.trim());
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color.trim());
  const parts = hex
    ? hex.slice(1).map((h) => parseInt(h, 16))
    : rgb
      ? rgb.slice(1).map(Number)
      : undefined;
  if (!parts) return undefined;
  const [r = 0, g = 0, b = 0] = parts;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

/**
 * The SDK applies the host's theme variables; native controls (checkboxes, scroll bars) follow
 * the page's color-scheme, so set it from the theme's background.
 */
function followHostColorScheme(): void {
  window.addEventListener("themeApplied", (event) => {
    const theme = (event as CustomEvent<Record<string, string> | undefined>).detail;
    const dark = isDarkColor(theme?.["background-color"]);
    if (dark !== undefined) document.documentElement.style.colorScheme = dark ? "dark" : "light";
  });
}

/** Completes the SDK handshake and wires the adapters. Call once per contribution frame. */
export async function connectToHost(options: ConnectOptions = {}): Promise<HostSession> {
  followHostColorScheme();
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  const user = SDK.getUser();
  const host = SDK.getHost();
  const ext = SDK.getExtensionContext();
  // Where the location service says Core lives (dev.azure.com/{org}). The scope is read and
  // written through the backup service, so the pages no longer need extension data's host.
  const location = SDK.getService<ILocationService>(SERVICES.location);
  const rootPath = location.then((l) => l.getResourceAreaLocation(CORE_AREA));
  const transport = new AdoTransport({
    authorizationHeader: async () => `Bearer ${await SDK.getAccessToken()}`,
    ...(options.onTransportEvent ? { onEvent: options.onTransportEvent } : {}),
  });
  const extension = {
    publisherId: ext.publisherId,
    extensionId: ext.extensionId,
    version: ext.version,
  };
  return {
    user: { id: user.id, displayName: user.displayName || user.name, email: user.name },
    organization: { id: host.id, name: host.name },
    extension,
    rootPath,
    transport,
    organizationService: new OrganizationService(transport, rootPath),
    configuration: SDK.getConfiguration() as Record<string, unknown>,
  };
}

export function notifyLoaded(): Promise<void> {
  return SDK.notifyLoadSucceeded();
}

export function notifyLoadFailed(e: unknown): Promise<void> {
  return SDK.notifyLoadFailed(e instanceof Error ? e : new Error(String(e)));
}

/** The app token for the extension's own backend (the backup service); never sent to Azure DevOps. */
export function appToken(): Promise<string> {
  return SDK.getAppToken();
}

/** The user's Azure DevOps access token (the backup service checks it names the same user). */
export function accessToken(): Promise<string> {
  return SDK.getAccessToken();
}

/** Lets MSAL's nestable client ask the host for tokens (DevOps.NestedAppAuth). */
export function enableNestedAppAuth(): Promise<void> {
  return SDK.enableNestedAppAuth();
}

export function resizeFrame(): void {
  SDK.resize();
}

export function registerObject(id: string, instance: object): void {
  SDK.register(id, instance);
}

export function fullContributionId(shortId: string): string {
  const ext = SDK.getExtensionContext();
  return `${ext.publisherId}.${ext.extensionId}.${shortId}`;
}

export async function currentProject(): Promise<ProjectRef | undefined> {
  const pages = await SDK.getService<IProjectPageService>(SERVICES.pageData);
  const p = await pages.getProject();
  return p ? { id: p.id, name: p.name } : undefined;
}

export async function openDialog(
  shortContributionId: string,
  title: string,
  configuration: Record<string, unknown>,
  onClose?: (result: unknown) => void,
): Promise<void> {
  const layout = await SDK.getService<IHostPageLayoutService>(SERVICES.layout);
  layout.openCustomDialog(fullContributionId(shortContributionId), {
    title,
    configuration,
    lightDismiss: false,
    ...(onClose ? { onClose } : {}),
  });
}

export async function showToast(message: string): Promise<void> {
  const messages = await SDK.getService<IGlobalMessagesService>(SERVICES.messages);
  messages.addToast({ message, duration: 4000 });
}

export async function navigateHost(url: string): Promise<void> {
  const nav = await SDK.getService<IHostNavigationService>(SERVICES.navigation);
  nav.navigate(url);
}

export async function openHostWindow(url: string, features: string): Promise<void> {
  const nav = await SDK.getService<IHostNavigationService>(SERVICES.navigation);
  nav.openNewWindow(url, features);
}

/** The extension data service of the host; used by integration tests of the emulator. */
export async function extensionDataService(): Promise<IExtensionDataService> {
  return SDK.getService<IExtensionDataService>(SERVICES.extensionData);
}
