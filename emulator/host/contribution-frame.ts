// Hosts one contribution the way Azure DevOps does: an <iframe> on the extension's origin at
// extension.baseUri + "/" + properties.uri, and an XDM channel to it on which the host registers
// DevOps.HostControl, DevOps.ServiceManager and DevOps.NestedAppAuth.
import { contributionUrl, fullContributionId, stringProperty, type Contribution } from "./boot";
import { el } from "./dom";
import type { HostPage } from "./host-page";
import { channelManager, type IXDMChannel } from "./xdm";

export type FrameKind = "hub" | "dialog" | "panel" | "action";

export interface HostedFrame {
  readonly contribution: Contribution;
  readonly contributionId: string;
  readonly iframe: HTMLIFrameElement;
  readonly channel: IXDMChannel;
  /** Settles when the frame's SDK has completed its handshake. */
  readonly handshake: Promise<void>;
  dispose(): void;
}

interface HandshakeOptions {
  loaded?: boolean;
  applyTheme?: boolean;
  sdkVersion?: number;
}

export function hostContribution(
  page: HostPage,
  container: HTMLElement,
  contribution: Contribution,
  kind: FrameKind,
  initialConfig?: Record<string, unknown>,
): HostedFrame {
  const boot = page.boot;
  const contributionId = fullContributionId(boot, contribution);
  const url = contributionUrl(boot, contribution);
  const origin = new URL(url).origin;
  const title =
    stringProperty(contribution, "name") ?? stringProperty(contribution, "text") ?? contributionId;

  const status =
    kind === "action"
      ? undefined
      : el(
          "div",
          { class: "frame-status", role: "status" },
          el("span", { class: "spinner", "aria-hidden": "true" }),
          `Loading ${title}…`,
        );
  const iframe = el("iframe", {
    class: `contribution-frame contribution-frame--${kind}`,
    title,
    "data-contribution-id": contributionId,
  });
  if (kind === "action") iframe.hidden = true;
  const wrapper = el("div", { class: `contribution contribution--${kind}` }, status, iframe);
  container.append(wrapper);
  // The channel must exist before the page loads so its first message (the handshake) finds it.
  const channel = channelManager.addChannel(iframe.contentWindow as Window, origin);

  let resolveHandshake: () => void = () => undefined;
  const handshake = new Promise<void>((resolve) => (resolveHandshake = resolve));

  const loadSucceeded = (): void => {
    status?.remove();
    iframe.classList.add("is-loaded");
  };
  const loadFailed = (error: unknown): void => {
    const message =
      typeof error === "string"
        ? error
        : error && typeof error === "object" && "message" in error
          ? String((error as { message: unknown }).message)
          : "The extension failed to load.";
    if (!status) {
      console.error(`${contributionId} failed to load: ${message}`);
      return;
    }
    status.replaceChildren(`${title} failed to load: ${message}`);
    status.setAttribute("role", "alert");
    status.classList.add("is-error");
  };

  const registry = channel.getObjectRegistry();
  registry.register("DevOps.HostControl", {
    initialHandshake: (options: HandshakeOptions | undefined) => {
      if (options?.loaded !== false) loadSucceeded();
      resolveHandshake();
      return {
        contributionId,
        context: page.frameContext(),
        initialConfig: initialConfig ?? {},
        ...(options?.applyTheme !== false ? { themeData: page.currentThemeData() } : {}),
      };
    },
    notifyLoadSucceeded: () => loadSucceeded(),
    notifyLoadFailed: (error: unknown) => loadFailed(error),
    resize: (_width?: number, height?: number) => {
      if (typeof height === "number" && height > 0) iframe.style.height = `${Math.ceil(height)}px`;
    },
    getAccessToken: async () => ({ token: await page.tokens.get("access") }),
    getAppToken: async () => ({ token: await page.tokens.get("app") }),
  });
  registry.register("DevOps.ServiceManager", {
    getService: (serviceId: string) => {
      const service = page.services[serviceId];
      if (!service) return Promise.reject(new Error(`The host has no service "${serviceId}".`));
      return service;
    },
  });
  registry.register("DevOps.NestedAppAuth", {
    processRequest: (requestJson: string) => page.nestedAppAuth.processRequest(requestJson),
  });

  iframe.src = url;
  const frame: HostedFrame = {
    contribution,
    contributionId,
    iframe,
    channel,
    handshake,
    dispose: () => {
      page.frames.delete(frame);
      channelManager.removeChannel(channel);
      wrapper.remove();
    },
  };
  page.frames.add(frame);
  return frame;
}
