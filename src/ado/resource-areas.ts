// Where each Azure DevOps area lives. Azure DevOps Services hosts some areas on their own host
// (extension data on extmgmt.dev.azure.com/{org}, releases on vsrm.…, feeds on feeds.…): a client
// asks the organization's resource-areas API for an area's `locationUrl`, as the api clients and
// the SDK's location service do. Without the SDK (the browser extension), this is that lookup.
import { type AdoTransport, acceptHeader } from "./transport";

export const EXTENSION_MANAGEMENT_AREA = "6c2b0933-3600-42ae-bf8b-93d4f7e83594";
export const CORE_AREA = "79134c72-4a58-4b42-976c-04e7115f32bf";

/** The base URL (with a trailing slash) of an area of the organization at `orgUrl` (with a trailing slash). */
export async function resourceAreaLocation(
  transport: AdoTransport,
  orgUrl: string,
  areaId: string,
): Promise<string> {
  const area = await transport.requestJson<{ locationUrl?: unknown }>(
    `${orgUrl}_apis/resourceAreas/${areaId}`,
    { headers: { Accept: acceptHeader("7.1-preview.1") } },
  );
  if (typeof area.locationUrl !== "string" || area.locationUrl === "")
    throw new Error(`Azure DevOps named no location for the resource area ${areaId}.`);
  return area.locationUrl.endsWith("/") ? area.locationUrl : `${area.locationUrl}/`;
}
