// The backup service's URL, fixed when the extension is packaged (docs/decisions.md#service-url-fixed-at-packaging): webpack's
// DefinePlugin writes it in place of __BACKUP_SERVICE_URL__, and the same value is in each page's
// CSP connect-src. Nothing at run time can change it. Unit tests (no webpack) get the default.
declare const __BACKUP_SERVICE_URL__: string | undefined;

/** The local service `npm start` and the tests run (emulator/main.ts, test/e2e/support). */
export const DEFAULT_SERVICE_URL = "http://127.0.0.1:8090";

export const SERVICE_URL: string =
  typeof __BACKUP_SERVICE_URL__ === "string" ? __BACKUP_SERVICE_URL__ : DEFAULT_SERVICE_URL;
