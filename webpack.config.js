// One entry per marketplace contribution (src/contributions/<name>/index.tsx) and per
// browser-extension page (extension/<name>/index.ts[x]); entries are found from folders, and so
// are the HTML pages (a folder's page.json filled into page.html: scripts/html-pages.js).
const fs = require("node:fs");
const path = require("node:path");
const CopyPlugin = require("copy-webpack-plugin");

/** The only local service: `npm start` and the tests run it here (emulator/main.ts). */
const DEFAULT_SERVICE_URL = "http://127.0.0.1:8090";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The backup service's URL, fixed at packaging (docs/decisions.md#service-url-fixed-at-packaging): `--env serviceUrl=URL` (what
 * `npm run package -- --service-url URL` passes), else BACKUP_SERVICE_URL, else the local one.
 * Only an origin; plain http only on this machine.
 */
function serviceUrlOf(env) {
  const raw = (env && env.serviceUrl) || process.env.BACKUP_SERVICE_URL || DEFAULT_SERVICE_URL;
  const url = new globalThis.URL(raw);
  const local = LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local))
    throw new Error(`The service URL must be https (or http on localhost): ${raw}`);
  if (url.pathname !== "/" || url.search || url.hash || url.username)
    throw new Error(`The service URL must be an origin only (no path, query or user): ${raw}`);
  return { origin: url.origin, local };
}

/** Writes the built URL beside dist/ so packaging and the local runs know what was baked in. */
class ServiceUrlMarker {
  constructor(service) {
    this.service = service;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap("ServiceUrlMarker", () => {
      fs.mkdirSync(path.join(__dirname, "dist"), { recursive: true });
      fs.writeFileSync(
        path.join(__dirname, "dist", "service-url.json"),
        JSON.stringify({ serviceUrl: this.service.origin }) + "\n",
      );
    });
  }
}
const { DefinePlugin } = require("webpack");
const { VARIANTS, browserManifest } = require("./scripts/browser-manifest");
const { contributionCsp, pageCopies } = require("./scripts/html-pages");

function entriesIn(dir) {
  const root = path.join(__dirname, dir);
  return Object.fromEntries(
    fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => {
        const entry = ["index.tsx", "index.ts"]
          .map((f) => path.join(root, d.name, f))
          .find((f) => fs.existsSync(f));
        return entry ? [d.name, entry] : undefined;
      })
      .filter(Boolean),
  );
}

const swcRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: { loader: "swc-loader" },
};

/**
 * One bundle. `serviceUrl` is what __BACKUP_SERVICE_URL__ becomes in it ("" for none, see
 * browserConfig); `copies` may depend on the service (the marketplace pages' CSP).
 */
function config(name, entries, outDir, copies, plugins = [], serviceUrlFor = (s) => s.origin) {
  return (env, argv) => {
    const production = argv.mode !== "development";
    const service = serviceUrlOf(env);
    return {
      name,
      mode: production ? "production" : "development",
      // MV3 and our CSP forbid eval, so never an eval-based source map.
      // Production maps are written beside dist/, not into what is packaged: they are for
      // debugging, and would triple the .vsix.
      devtool: production ? "hidden-source-map" : "cheap-module-source-map",
      entry: Object.fromEntries(
        Object.entries(entries).map(([k, v]) => [k, { import: v, filename: `${k}/${k}.js` }]),
      ),
      output: {
        path: path.join(__dirname, outDir),
        chunkFilename: "chunks/[name].[contenthash:8].js",
        sourceMapFilename: `../maps/${name}/[file].map`,
        // Every page is one folder down (<name>/<name>.html) beside chunks/: a fixed relative
        // path spares each page the code that works it out from the script's address ("auto").
        publicPath: "../",
        clean: true,
      },
      resolve: {
        extensions: [".tsx", ".ts", ".js"],
        // The api package's CommonJS files require the SDK's CommonJS build; two SDK copies
        // in one frame never finish the handshake, so every import gets the ESM build.
        alias: {
          "azure-devops-extension-sdk$": path.join(
            __dirname,
            "node_modules/azure-devops-extension-sdk/esm/SDK.min.js",
          ),
        },
      },
      module: { rules: [swcRule] },
      performance: { hints: false },
      plugins: [
        new CopyPlugin({ patterns: typeof copies === "function" ? copies(service) : copies }),
        new DefinePlugin({ __BACKUP_SERVICE_URL__: JSON.stringify(serviceUrlFor(service)) }),
        new ServiceUrlMarker(service),
        ...plugins,
      ],
    };
  };
}

// The browser extension in its two variants (scripts/browser-manifest.js): dist/browser is the
// published one, dist/browser-dev the development one (emulated organization on localhost) that
// the e2e tests load. `--config-name browser` or `browser-dev` builds one alone.
function browserConfig(variantName, outDir) {
  const name = variantName === "development" ? "browser-dev" : "browser";
  // The published variant may not name this machine: built for a local service, it has none.
  const serviceUrlFor = (service) =>
    variantName === "production" && service.local ? "" : service.origin;
  return (env, argv) => {
    const service = serviceUrlFor(serviceUrlOf(env)) || undefined;
    const manifest = (content) =>
      JSON.stringify(
        browserManifest(JSON.parse(content.toString()), variantName, service),
        null,
        2,
      );
    return config(
      name,
      entriesIn("extension"),
      outDir,
      [
        ...pageCopies(path.join(__dirname, "extension"), "."),
        { from: "static/icons", to: "icons" },
        { from: "static/browser-extension.css", to: "static/browser-extension.css" },
        { from: "manifest.json", to: "manifest.json", transform: manifest },
      ],
      [new DefinePlugin({ __BROWSER_VARIANT__: JSON.stringify(VARIANTS[variantName]) })],
      serviceUrlFor,
    )(env, argv);
  };
}

module.exports = [
  config("marketplace", entriesIn("src/contributions"), "dist/ext", (service) => [
    ...pageCopies(path.join(__dirname, "src/contributions"), ".", contributionCsp(service)),
    { from: "static/theme.css", to: "static/theme.css" },
    { from: "static/sections.css", to: "static/sections.css" },
  ]),
  browserConfig("production", "dist/browser"),
  browserConfig("development", "dist/browser-dev"),
  // The emulated Azure DevOps host page (emulator/host), served by the emulator at /_host/.
  (env, argv) => {
    const production = argv.mode !== "development";
    return {
      name: "host",
      mode: production ? "production" : "development",
      devtool: production ? "source-map" : "cheap-module-source-map",
      entry: { host: path.join(__dirname, "emulator/host/index.ts") },
      output: { path: path.join(__dirname, "dist/host"), filename: "[name].js", clean: true },
      resolve: { extensions: [".ts", ".js"] },
      module: { rules: [swcRule] },
      performance: { hints: false },
      plugins: [new CopyPlugin({ patterns: [{ from: "emulator/host/host.css", to: "host.css" }] })],
    };
  },
];
