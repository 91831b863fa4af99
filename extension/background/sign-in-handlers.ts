// Signing in to an organization (code + PKCE through launchWebAuthFlow) and out of it again.
import type { Handlers } from "../../src/browser/messages";
import type { OrganizationSessions } from "./organization-sessions";

export function signInHandlers(
  sessions: OrganizationSessions,
): Pick<Handlers, "signIn" | "signOut"> {
  const { deps } = sessions;
  return {
    async signIn({ orgUrl }) {
      const key = await sessions.signInKey(orgUrl);
      const session = await deps.entra.interactive(key);
      await deps.tokens.save(key, session);
      return { kind: "signed-in", account: session.account };
    },

    async signOut({ orgUrl }) {
      const key = await sessions.signInKey(orgUrl);
      await deps.tokens.forget(key);
      return { kind: "signed-out" };
    },
  };
}
