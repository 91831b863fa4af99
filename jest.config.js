// Unit tests run in Node (jsdom where a file asks for it); end-to-end and integration tests
// drive Debian's Chromium against the emulated organization, one file at a time.
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", tsx: true },
      transform: { react: { runtime: "automatic", importSource: "preact" } },
      target: "es2022",
    },
    module: { type: "commonjs" },
  },
];
// Preact 11 and its testing library ship ESM only, so they are transformed too.
const transformIgnorePatterns = ["/node_modules/(?!(preact|@preact|@testing-library/preact)/)"];
const common = {
  // .mjs too: Preact 11 ships ESM only, as .mjs files.
  transform: { "^.+\\.m?(t|j)sx?$": swc },
  transformIgnorePatterns,
  moduleFileExtensions: ["ts", "tsx", "js", "mjs", "json"],
};

module.exports = {
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  projects: [
    {
      ...common,
      displayName: "unit",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts?(x)"],
    },
    {
      ...common,
      displayName: "e2e",
      testEnvironment: "node",
      testMatch: [
        "<rootDir>/test/integration/**/*.test.ts",
        "<rootDir>/test/e2e/**/*.test.ts",
        "<rootDir>/test/service-identity/**/*.test.ts",
        "<rootDir>/test/service-runs/**/*.test.ts",
        "<rootDir>/test/engine/**/*.test.ts",
      ],
      slowTestThreshold: 30,
    },
    {
      // The backup service against real SQLite and PostgreSQL (each file its own database).
      ...common,
      displayName: "service",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/service/**/*.test.ts"],
      slowTestThreshold: 20,
    },
  ],
};
