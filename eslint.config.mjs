import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

// Layering (docs/architecture.md#layering): core ← adapters (ado, entra, browser, service) ← ui ← entry points.
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
  },
});

// One file-name convention for every source file: kebab-case (docs/decisions.md). A local rule
// rather than a plugin: it is a few lines and needs no dependency.
const fileNames = {
  rules: {
    "kebab-case": {
      meta: { type: "suggestion", schema: [] },
      create(context) {
        const base = context.filename.split(/[\\/]/).pop() ?? "";
        const stem = base.split(".")[0] ?? "";
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(stem)) {
          context.report({
            loc: { line: 1, column: 0 },
            message: `File name "${base}" is not kebab-case.`,
          });
        }
        return {};
      },
    },
  },
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "out/", "coverage/", "bench/results.json"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    plugins: { "file-names": fileNames },
    rules: {
      "file-names/kebab-case": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Config files and scripts run in Node with CommonJS.
    files: ["*.js", "scripts/**/*.js", "test/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" /* CommonJS config files */ },
  },
  {
    // The emulator, scripts, benches and tests are command-line programs: printing is their output.
    files: ["emulator/**", "scripts/**", "bench/**", "test/**"],
    rules: { "no-console": "off" },
  },
  layer(
    ["src/core/**"],
    [
      "**/ado/**",
      "**/entra/**",
      "**/browser/**",
      "**/service/**",
      "**/ui/**",
      "**/contributions/**",
      "preact",
      "preact/*",
      "azure-devops-extension-*",
      "@azure/*",
      "webextension-polyfill",
    ],
    "src/core is pure domain code: no adapters, UI, SDK or browser APIs.",
  ),
  layer(
    ["src/ado/**", "src/entra/**", "src/browser/**", "src/service/**"],
    ["**/ui/**", "**/contributions/**", "preact", "preact/*"],
    "Adapters sit below the UI and the entry points.",
  ),
  layer(
    ["service/**"],
    [
      "**/ui/**",
      "**/browser/**",
      "**/contributions/**",
      "**/src/entra/**",
      "**/extension/**",
      "preact",
      "preact/*",
      "azure-devops-extension-*",
      "webextension-polyfill",
    ],
    "The service imports src/core and src/ado's transport (one client honouring the rate limits): no UI, browser, SDK or MSAL code.",
  ),
  layer(
    ["src/ui/**"],
    ["**/contributions/**", "**/extension/**"],
    "The UI never imports an entry point.",
  ),
);
