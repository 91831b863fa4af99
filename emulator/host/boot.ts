// The boot data the emulator's server embeds in every host page (emulator/CONTRACT.md, "Host page boot data").

// One definition, shared with the server that writes it (type-only: nothing of the server is bundled).
import type { Contribution, HostBoot } from "../server/types";

export type { Contribution, HostBoot };
export type BootUser = HostBoot["currentUser"];

export class BootDataMissingError extends Error {}

export function readBoot(doc: Document): HostBoot {
  const node = doc.getElementById("emulator-boot");
  if (!node?.textContent)
    throw new BootDataMissingError("The host page has no #emulator-boot data.");
  return JSON.parse(node.textContent) as HostBoot;
}

/** The id an extension sees: "<publisher>.<extension>.<id>", whatever form the manifest used. */
export function fullContributionId(boot: HostBoot, contribution: Contribution): string {
  const prefix = `${boot.extension.publisherId}.${boot.extension.extensionId}.`;
  return contribution.id.startsWith(prefix) ? contribution.id : prefix + contribution.id;
}

export function shortContributionId(boot: HostBoot, contribution: Contribution): string {
  const prefix = `${boot.extension.publisherId}.${boot.extension.extensionId}.`;
  return contribution.id.startsWith(prefix)
    ? contribution.id.slice(prefix.length)
    : contribution.id;
}

export function contributionsTargeting(boot: HostBoot, target: string): Contribution[] {
  return boot.contributions
    .filter((c) => c.targets?.includes(target))
    .sort((a, b) => order(a) - order(b));
}

export function findContribution(boot: HostBoot, id: string): Contribution | undefined {
  return boot.contributions.find(
    (c) => fullContributionId(boot, c) === id || shortContributionId(boot, c) === id,
  );
}

export function stringProperty(c: Contribution, name: string): string | undefined {
  const value = c.properties?.[name];
  return typeof value === "string" ? value : undefined;
}

function order(c: Contribution): number {
  const value = c.properties?.["order"];
  return typeof value === "number" ? value : 1000;
}

/** Where a contribution's page lives: extension.baseUri + "/" + properties.uri, like the real host. */
export function contributionUrl(boot: HostBoot, c: Contribution): string {
  const uri = stringProperty(c, "uri") ?? "";
  return `${boot.extension.baseUri.replace(/\/$/, "")}/${uri.replace(/^\//, "")}`;
}

export function orgUrl(boot: HostBoot): string {
  return `${boot.hostUrl}/${encodeURIComponent(boot.organization.name)}`;
}
