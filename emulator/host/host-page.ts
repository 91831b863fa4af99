// What every hosted frame shares: the boot data, tokens, services, theme, the live frames, and the
// page's message regions.
import { orgUrl, type HostBoot } from "./boot";
import type { HostedFrame } from "./contribution-frame";
import { HostTokens } from "./control-api";
import { NestedAppAuthHost } from "./nested-app-auth";
import { createServices } from "./services";
import {
  applyThemeToHost,
  rememberTheme,
  themeData,
  type ThemeData,
  type ThemeName,
} from "./theme";

export class HostPage {
  readonly tokens: HostTokens;
  readonly nestedAppAuth: NestedAppAuthHost;
  readonly services: Record<string, object>;
  readonly frames = new Set<HostedFrame>();

  constructor(
    readonly boot: HostBoot,
    private theme: ThemeName,
    readonly toastRegion: HTMLElement,
    readonly bannerRegion: HTMLElement,
  ) {
    this.tokens = new HostTokens(boot.hostUrl);
    this.nestedAppAuth = new NestedAppAuthHost(boot);
    this.services = createServices(this);
    applyThemeToHost(document, theme);
  }

  get themeName(): ThemeName {
    return this.theme;
  }

  currentThemeData(): ThemeData {
    return themeData(this.theme);
  }

  /** Switches the page and tells every frame, as Azure DevOps does, with a themeChanged event. */
  setTheme(name: ThemeName): void {
    this.theme = name;
    applyThemeToHost(document, name);
    rememberTheme(document, name);
    const data = this.currentThemeData();
    for (const frame of this.frames) {
      frame.handshake
        .then(() =>
          frame.channel.invokeRemoteMethod("dispatchEvent", "DevOps.SdkClient", [
            "themeChanged",
            { detail: { data } },
          ]),
        )
        .catch((e: unknown) =>
          console.error(`Could not send the theme to ${frame.contributionId}:`, e),
        );
    }
  }

  /** The `context` of the handshake answer: extension, pageContext, user, host. */
  frameContext(): Record<string, unknown> {
    const { boot } = this;
    const user = boot.currentUser;
    const org = boot.organization;
    const collection = { id: org.id, name: org.name, uri: `${orgUrl(boot)}/` };
    const project = boot.route.project;
    return {
      extension: {
        id: `${boot.extension.publisherId}.${boot.extension.extensionId}`,
        publisherId: boot.extension.publisherId,
        extensionId: boot.extension.extensionId,
        version: boot.extension.version,
      },
      pageContext: {
        webContext: {
          account: collection,
          collection,
          ...(project ? { project: { id: project.id, name: project.name } } : {}),
          user: { id: user.id, name: user.displayName, email: user.email, uniqueName: user.email },
          host: {
            id: org.id,
            name: org.name,
            uri: `${orgUrl(boot)}/`,
            relativeUri: `/${org.name}/`,
            hostType: "collection",
            scheme: new URL(boot.hostUrl).protocol.replace(":", ""),
            authority: new URL(boot.hostUrl).host,
            isAADAccount: Boolean(org.tenantId),
          },
        },
        globalization: {
          culture: "en-US",
          theme: this.theme === "dark" ? "ms.vss-web.vsts-theme-dark" : "ms.vss-web.vsts-theme",
          timeZoneId: "UTC",
          timezoneOffset: 0,
          typeAheadDisabled: false,
        },
      },
      user: {
        id: user.id,
        name: user.email,
        displayName: user.displayName,
        descriptor: user.descriptor,
        imageUrl: `${orgUrl(boot)}/_apis/GraphProfile/MemberAvatars/${encodeURIComponent(user.descriptor)}`,
      },
      host: { id: org.id, name: org.name, serviceVersion: "emulated", type: 4, isHosted: true },
    };
  }
}
