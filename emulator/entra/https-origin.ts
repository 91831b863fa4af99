// The fake authority on an HTTPS origin of its own (MSAL and the service require https:), with a
// fresh self-signed certificate the caller can trust: how tests serve it beside the emulator.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createEntraAuthority, type EntraAuthority, type EntraAuthorityOptions } from "./authority";
import { createSelfSignedCertificate } from "./certificate";

export interface HttpsOrigin {
  /** https://localhost:<port> */
  url: string;
  /** The certificate (PEM) to trust for that origin. */
  ca: string;
  close(): Promise<void>;
}

/** Serves the handler on https://localhost on a free port. */
export async function serveOnHttps(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HttpsOrigin> {
  const tls = await createSelfSignedCertificate(["localhost", "127.0.0.1"]);
  const server = createServer(tls, handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    ca: tls.cert,
    close: async () => {
      const closed = new Promise((r) => server.close(r));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A fake authority serving its own origin (its base URL is that origin). */
export async function serveEntraAuthority(
  opts: Omit<EntraAuthorityOptions, "baseUrl">,
): Promise<HttpsOrigin & { entra: EntraAuthority }> {
  // The authority needs its origin's URL, known once the server listens.
  const served: { entra?: EntraAuthority } = {};
  const origin = await serveOnHttps((req, res) => void served.entra?.handle(req, res));
  const entra = createEntraAuthority({ ...opts, baseUrl: origin.url });
  served.entra = entra;
  return { ...origin, entra };
}
