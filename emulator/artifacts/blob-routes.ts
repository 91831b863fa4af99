// Signed blob URLs: Azure Artifacts answers a Maven file download on Azure DevOps Services with a
// 303 See Other to the file in its blob storage, on another host, signed in the URL (a SAS); the
// client follows it without its Azure DevOps credentials, and the storage refuses a request that
// carries an Authorization header beside the signature. The emulator stands the storage in on the
// feeds origin (a host other than pkgs), at `/{org}/_apis/blobs/{signature}`, readable without a
// token (server/areas.ts ANONYMOUS_PATHS). See CONTRACT.md "Artifacts".
import type { OriginName } from "../server/areas";
import { errorReply, type Reply, type RouteTable } from "../server/http";
import type { ArtifactsDeps } from "./feed-routes";
import { fileDownload } from "./package-files";

/** The origin that serves the blobs: any host other than pkgs, where the downloads are asked. */
export const BLOB_ORIGIN: OriginName = "feeds";

/** The 303 that sends a download to the file's signed blob URL. */
export function blobRedirect(deps: ArtifactsDeps, file: { name: string; content: Buffer }): Reply {
  const signature = deps.artifacts().signBlob(file);
  return {
    status: 303,
    headers: { Location: `${deps.orgUrlOf(BLOB_ORIGIN)}/_apis/blobs/${signature}` },
  };
}

export function addBlobRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add("GET", /^\/_apis\/blobs\/(?<signature>[0-9a-f]+)\/?$/i, (ctx) => {
    // Azure Storage answers 400 InvalidAuthenticationInfo when a bearer token comes with a SAS.
    if (ctx.req.headers.authorization)
      return errorReply(
        400,
        "Authentication information is not given in the correct format. Check the value of Authorization header.",
        "InvalidAuthenticationInfo",
      );
    const blob = deps.artifacts().blobs.get(ctx.params.signature ?? "");
    if (!blob || blob.expiresAtEpochMs <= Date.now())
      return errorReply(
        403,
        "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
        "AuthenticationFailed",
      );
    return fileDownload(blob.file);
  });
}
