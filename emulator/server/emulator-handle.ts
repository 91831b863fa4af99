// The handle a test (or `npm start`) holds on a running emulator: its URLs, its live settings and
// log, and the calls that steer it (CONTRACT.md "startEmulator").
import type { OriginName } from "./areas";
import {
  areaUrlsOf,
  issueAccessToken,
  issueAppToken,
  orgUrlOf,
  resetEmulator,
  type EmulatorContext,
} from "./emulator-context";
import type { RouteTable } from "./http";
import type { EmulatorHandle, FaultSettings } from "./types";

export function emulatorHandle(
  ctx: EmulatorContext,
  parts: {
    routesOf: Record<OriginName, RouteTable>;
    /** PEM of every https origin. */
    certificate: string;
    stop: () => Promise<void>;
  },
): EmulatorHandle {
  const { state, settings, faults, requestLog } = ctx;
  return {
    hostUrl: ctx.origins.hostUrl,
    extensionUrl: ctx.origins.extensionUrl,
    entraUrl: ctx.origins.entraUrl,
    entraCertificate: parts.certificate,
    certificate: parts.certificate,
    organization: state.organization,
    orgUrl: orgUrlOf(ctx),
    areaUrls: areaUrlsOf(ctx),
    routesOf: parts.routesOf,
    faults: faults.settings,
    setFaults: (f: Partial<FaultSettings>) => faults.update(f),
    settings,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    setCurrentUser: (userId: string) => {
      if (!state.user(userId)) throw new Error(`No user ${userId} in the fixture.`);
      state.currentUserId = userId;
    },
    issueToken: (userId?: string, lifetimeSeconds?: number) =>
      issueAccessToken(ctx, userId ?? state.currentUserId, lifetimeSeconds),
    issueAppToken: (userId?: string, lifetimeSeconds?: number) =>
      issueAppToken(ctx, userId ?? state.currentUserId, lifetimeSeconds),
    extensionKey: ctx.appTokens.key,
    extensionAppId: ctx.appTokens.appId,
    revokeTokens: () => state.revokeTokens(),
    reset: () => resetEmulator(ctx),
    users: state.users,
    state,
    entra: ctx.entra,
    stop: parts.stop,
  };
}
