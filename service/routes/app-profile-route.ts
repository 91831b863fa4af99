// PUT /app-profile: a PCA chooses the provided service app or the tenant's own Entra app.
// `seenOpId` is the profile the admin saw; someone else's change meanwhile is a 409 carrying
// theirs, never overwritten. Recorded in the history with who and when.
import type { FastifyInstance } from "fastify";
import {
  type AppProfile,
  SERVICE_APP,
  clientIdProblem,
  customAppProfile,
  sameAppProfile,
} from "../../src/core/app-profile";
import {
  SERVICE_PATHS,
  type SaveAppProfileRequest,
  type StoredAppProfileWire,
} from "../../src/core/service-api";
import { ServiceError, badRequest } from "../http/errors";
import { registerOrganizationRoute } from "../http/organization-route";
import { saveAppProfileBody } from "../http/schemas";
import { loadAppProfile, recordAudit, writeAppProfile } from "../store/scope-repository";
import { type ServiceContext, appProfileWire, changeOrganization } from "./context";

function requestedProfile(body: SaveAppProfileRequest): AppProfile {
  if (body.profile.kind === "service") return SERVICE_APP;
  const problem = clientIdProblem(body.profile.clientId);
  if (problem) throw badRequest(problem);
  return customAppProfile(body.profile.clientId);
}

export function registerAppProfileRoute(app: FastifyInstance, ctx: ServiceContext): void {
  registerOrganizationRoute(
    app,
    {
      method: "PUT",
      path: SERVICE_PATHS.appProfile,
      summary: "Choose the app profile (PCA only)",
      body: saveAppProfileBody,
      adminTo: "change the backup app profile",
    },
    async (caller, request): Promise<StoredAppProfileWire> => {
      const body = request.body as SaveAppProfileRequest;
      const org = caller.organization;
      return changeOrganization(ctx, caller, async (tx, now) => {
        // Refused before anything is written (the transaction is rolled back).
        const profile = requestedProfile(body);
        const current = await loadAppProfile(tx, org);
        // A retry of this save, or already what was asked: nothing to write, nothing to record.
        if (sameAppProfile(current.profile, profile)) return appProfileWire(current);
        if (current.opId !== body.seenOpId)
          throw new ServiceError(
            409,
            "appProfileConflict",
            `${current.changedBy?.displayName ?? "Another administrator"} changed the app profile meanwhile.`,
            { theirs: appProfileWire(current) },
          );
        const saved = {
          profile,
          changedBy: caller.actor,
          changedAt: now.toISOString(),
          opId: body.opId,
        };
        await writeAppProfile(tx, org, saved);
        await recordAudit(tx, org, {
          opId: body.opId,
          by: caller.actor,
          at: saved.changedAt,
          changes: [],
          appProfile: {
            before: { kind: current.profile.kind, clientId: current.profile.clientId },
            after: { kind: profile.kind, clientId: profile.clientId },
          },
        });
        return appProfileWire(saved);
      });
    },
  );
}
