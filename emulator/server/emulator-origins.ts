// Where one emulator listens: the host, the extension origin, the fake Entra and the separate hosts,
// each on its port (0: any free one) and in its protocol (CONTRACT.md "Protocols").
import { AREA_HOSTS, DEFAULT_AREA_PORTS, type AreaHost } from "./areas";
import type { EmulatorOrigins } from "./emulator-context";
import { listenOrigin, type OriginServer, type TlsIdentity } from "./origin-server";
import type { EmulatorOptions } from "./types";

export const DEFAULT_PORTS = { host: 8080, extension: 8081, entra: 8443 } as const;

export interface ListeningOrigins {
  host: OriginServer;
  extension: OriginServer;
  entra: OriginServer;
  areas: Record<AreaHost, OriginServer>;
}

export async function listenEmulatorOrigins(
  options: Pick<EmulatorOptions, "ports" | "https">,
  tls: TlsIdentity,
): Promise<ListeningOrigins> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  // Azure DevOps's origins: HTTP/2 over TLS as dev.azure.com, or plain HTTP/1.1 (the default, so
  // Node clients need not trust the certificate).
  const azureDevOps = options.https ? ("https-h2" as const) : ("http" as const);
  const host = await listenOrigin({
    protocol: azureDevOps,
    port: ports.host,
    hostname: "localhost",
    tls,
  });
  const extension = await listenOrigin({
    protocol: "http",
    port: ports.extension,
    hostname: "127.0.0.1",
  });
  const entra = await listenOrigin({
    protocol: "https",
    port: ports.entra,
    hostname: "localhost",
    tls,
  });
  const areas = {} as Record<AreaHost, OriginServer>;
  for (const h of AREA_HOSTS) {
    // Any free port when the host's is.
    const port = options.ports?.[h] ?? (ports.host === 0 ? 0 : DEFAULT_AREA_PORTS[h]);
    areas[h] = await listenOrigin({ protocol: azureDevOps, port, hostname: "localhost", tls });
  }
  return { host, extension, entra, areas };
}

export function urlsOf(listening: ListeningOrigins): EmulatorOrigins {
  return {
    hostUrl: listening.host.url,
    extensionUrl: listening.extension.url,
    entraUrl: listening.entra.url,
    areaOrigins: Object.fromEntries(AREA_HOSTS.map((h) => [h, listening.areas[h].url])) as Record<
      AreaHost,
      string
    >,
  };
}

export function closeAll(listening: ListeningOrigins): Promise<void> {
  const all = [
    listening.host,
    listening.extension,
    listening.entra,
    ...Object.values(listening.areas),
  ];
  return Promise.all(all.map((o) => o.close())).then(() => undefined);
}
