// One entry per marketplace contribution (src/contributions/<name>/index.tsx) and per
// browser-extension page (extension/<name>/index.ts[x]); entries are found from folders.
const fs = require("node:fs");
const path = require("node:path");
const CopyPlugin = require("copy-webpack-plugin");
const { DefinePlugin } = require("webpack");
const { VARIANTS, browserManifest } = require("./scripts/browser-manifest");

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

function htmlCopies(dir, to) {
  const root = path.join(__dirname, dir);
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(root, d.name))
        .filter((f) => f.endsWith(".html"))
        .map((f) => ({ from: path.join(root, d.name, f), to: path.join(to, d.name, f) })),
    );
}

const swcRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: { loader: "swc-loader" },
};

function config(name, entries, outDir, copies, plugins = []) {
  return (env, argv) => {
    const production = argv.mode !== "development";
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
        publicPath: "auto",
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
      plugins: [new CopyPlugin({ patterns: copies }), ...plugins],
    };
  };
}

// The browser extension in its two variants (scripts/browser-manifest.js): dist/browser is the
// published one, dist/browser-dev the development one (emulated organization on localhost) that
// the e2e tests load. `--config-name browser` or `browser-dev` builds one alone.
function browserConfig(variantName, outDir) {
  const name = variantName === "development" ? "browser-dev" : "browser";
  return (env, argv) => {
    const manifest = (content) =>
      JSON.stringify(
        browserManifest(JSON.parse(content.toString()), variantName, env.serviceUrl),
        null,
        2,
      );
    return config(
      name,
      entriesIn("extension"),
      outDir,
      [
        ...htmlCopies("extension", "."),
        { from: "static/icons", to: "icons" },
        { from: "static/browser-extension.css", to: "static/browser-extension.css" },
        { from: "manifest.json", to: "manifest.json", transform: manifest },
      ],
      [new DefinePlugin({ __BROWSER_VARIANT__: JSON.stringify(VARIANTS[variantName]) })],
    )(env, argv);
  };
}

module.exports = [
  config("marketplace", entriesIn("src/contributions"), "dist/ext", [
    ...htmlCopies("src/contributions", "."),
    { from: "static/theme.css", to: "static/theme.css" },
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
