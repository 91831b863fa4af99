// Who a REST or Git request speaks for: a token the emulator issued, or an Entra access token for
// Azure DevOps in the organization's tenant. A PAT comes as Basic and counts as its bearer token.
import type { IncomingMessage } from "node:http";
import { basicAsBearer } from "../git";
import type { EmulatorContext } from "./emulator-context";
import { userOfEntraToken } from "./entra-seam";

/** The caller's user id, or null when the request carries no token the organization accepts. */
export async function authenticate(
  ctx: EmulatorContext,
  req: IncomingMessage,
): Promise<string | null> {
  const { state } = ctx;
  const match = /^Bearer\s+(\S+)$/i.exec(basicAsBearer(req.headers.authorization ?? ""));
  if (!match || ctx.faults.settings.rejectTokens) return null;
  const token = match[1] as string;
  const issued = state.tokens.get(token);
  if (issued) {
    if (issued.expiresAtEpochMs <= Date.now()) return null;
    return state.user(issued.userId) ? issued.userId : null;
  }
  return token.split(".").length === 3 ? userOfEntraToken(ctx.entra, token, state) : null;
}
