// Action contributions on a menu, hosted as the real host does: each action's page loads once in a
// hidden iframe; when the menu opens the host asks for the registered object (methodName "") with
// the menu's context, shows getMenuItems(context) if it has it, else properties.text → execute().
import {
  contributionsTargeting,
  fullContributionId,
  stringProperty,
  type Contribution,
} from "./boot";
import { hostContribution, type HostedFrame } from "./contribution-frame";
import type { HostPage } from "./host-page";
import type { MenuItem } from "./menu";

interface ContributedMenuItem {
  text?: string;
  title?: string;
  disabled?: boolean;
  hidden?: boolean;
  separator?: boolean;
  action?: (context: unknown) => unknown;
}

interface ActionObject {
  getMenuItems?: (
    context: unknown,
  ) => Promise<ContributedMenuItem[] | undefined> | ContributedMenuItem[] | undefined;
  execute?: (context: unknown) => unknown;
}

const handshakeTimeoutMs = 15_000;
const registrationWaitMs = 5_000;

export class ActionHost {
  private readonly frames = new Map<string, HostedFrame>();

  constructor(
    private readonly page: HostPage,
    private readonly container: HTMLElement,
  ) {}

  /** Starts loading the actions of a target, so the first menu opens quickly. */
  preload(target: string): void {
    for (const c of contributionsTargeting(this.page.boot, target)) this.frame(c);
  }

  async menuItems(target: string, context: Record<string, unknown>): Promise<MenuItem[]> {
    const perAction = await Promise.all(
      contributionsTargeting(this.page.boot, target).map((c) => this.itemsOf(c, context)),
    );
    return perAction.flat();
  }

  private async itemsOf(c: Contribution, context: Record<string, unknown>): Promise<MenuItem[]> {
    const fallbackText = stringProperty(c, "text") ?? fullContributionId(this.page.boot, c);
    const object = await this.registeredObject(c, context);
    if (typeof object.getMenuItems === "function") {
      const items = (await object.getMenuItems(context)) ?? [];
      return items
        .filter((i) => !i.hidden && !i.separator)
        .map((i) => ({
          text: i.text ?? fallbackText,
          disabled: i.disabled,
          run: async () => {
            if (typeof i.action === "function") await i.action(context);
            else if (typeof object.execute === "function") await object.execute(context);
          },
        }));
    }
    return [
      {
        text: fallbackText,
        run: async () => {
          if (typeof object.execute !== "function")
            throw new Error(`${c.id} registered no execute().`);
          await object.execute(context);
        },
      },
    ];
  }

  private frame(c: Contribution): HostedFrame {
    const id = fullContributionId(this.page.boot, c);
    let frame = this.frames.get(id);
    if (!frame) {
      frame = hostContribution(this.page, this.container, c, "action");
      this.frames.set(id, frame);
    }
    return frame;
  }

  private async registeredObject(
    c: Contribution,
    context: Record<string, unknown>,
  ): Promise<ActionObject> {
    const frame = this.frame(c);
    await withTimeout(
      frame.handshake,
      handshakeTimeoutMs,
      `${frame.contributionId} did not complete the SDK handshake.`,
    );
    const instanceId = stringProperty(c, "registeredObjectId") ?? frame.contributionId;
    // An action may register its object just after init(); wait briefly for it to appear.
    const deadline = Date.now() + registrationWaitMs;
    for (;;) {
      try {
        return await frame.channel.getRemoteObjectProxy<ActionObject>(instanceId, context);
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
