// `npm run service`: the backup service with its configuration from the environment.
import { startService } from "./app";
import { ConfigError, configFromEnv } from "./config";

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const service = await startService(config);
  const stop = (): void => {
    service.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
