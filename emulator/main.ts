// `npm start`: the emulated organization on fixed local ports, and the backup service on the port
// the extension was built for (emulator/local-service.ts), until Ctrl+C.
import { builtServiceUrl, startLocalService, withServiceApp } from "./local-service";
import { DEFAULT_PORTS, startEmulator } from "./server";

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name}=${raw} is not a port number.`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    fixture: withServiceApp(process.env.EMULATOR_FIXTURE || undefined),
    ports: {
      host: port("EMULATOR_HOST_PORT", DEFAULT_PORTS.host),
      extension: port("EMULATOR_EXTENSION_PORT", DEFAULT_PORTS.extension),
      entra: port("EMULATOR_ENTRA_PORT", DEFAULT_PORTS.entra),
    },
    // HTTPS with HTTP/2 as dev.azure.com (CONTRACT.md "Protocols"); backup runs need plain HTTP.
    https: process.env.EMULATOR_HTTPS === "1",
  });
  const service = await startLocalService(emulator).catch(async (e: unknown) => {
    await emulator.stop();
    throw new Error(
      `The backup service could not start on ${builtServiceUrl()} (the URL the extension was built for): ${(e as Error).message}`,
    );
  });
  const org = emulator.orgUrl;
  console.log(`
Emulated organization: ${org}/_settings/backup-hub
  Projects list:       ${org}/_settings/projects
  REST API:            ${org}/_apis/
  Control API:         ${emulator.hostUrl}/_emulator/
  Extension files:     ${emulator.extensionUrl}/_ext/
  Entra authority:     ${emulator.entraUrl} (self-signed certificate)
  Backup service:      ${service.url} (a fresh store for this run; API under /api/v1/organizations/${emulator.organization.name})
  Signed in as:        ${emulator.state.currentUser.displayName}; switch users from the host page.

Press Ctrl+C to stop.`);
  const stop = (): void => {
    Promise.all([service.stop(), emulator.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
