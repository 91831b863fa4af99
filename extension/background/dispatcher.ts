// Routes a runtime message to its handler in the typed map: unknown messages are refused, and this
// is the one place that logs a failure (its kind and words, never a request or a token).
import type { Runtime } from "webextension-polyfill";
import type { Envelope, Failure, Handlers, MessageType, Reply } from "../../src/browser/messages";
import { failureOf } from "./failures";

function isEnvelope(message: unknown): message is { type: unknown; request?: unknown } {
  return typeof message === "object" && message !== null && "type" in message;
}

export function createDispatcher(
  handlers: Handlers,
  log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): (message: unknown, sender?: Runtime.MessageSender) => Promise<Reply<unknown>> {
  return async (message, sender) => {
    const type = isEnvelope(message) ? message.type : undefined;
    if (typeof type !== "string" || !Object.hasOwn(handlers, type)) {
      const failure: Failure = {
        kind: "unknown-message",
        message: `Unknown message type: ${JSON.stringify(type ?? null)}`,
      };
      log(`background: ${failure.message}`, message);
      return { ok: false, error: failure };
    }
    const envelope = message as Envelope;
    const handler = handlers[type as MessageType] as (
      r: unknown,
      s?: Runtime.MessageSender,
    ) => Promise<unknown>;
    try {
      return { ok: true, value: await handler(envelope.request ?? {}, sender) };
    } catch (e) {
      const failure = failureOf(e);
      // Messages and kinds only: errors never carry tokens, and requests are not logged.
      log(
        `background: ${type} failed (${failure.kind}): ${failure.message}`,
        e instanceof Error ? e.name : e,
      );
      return { ok: false, error: failure };
    }
  };
}
