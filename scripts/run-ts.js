// Runs a TypeScript file in Node through swc (the same transpiler webpack and jest use).
// Usage: node scripts/run-ts.js file.ts [args...]
const path = require("node:path");
process.env.SWC_NODE_PROJECT = path.join(__dirname, "..", "tsconfig.node.json");
require("@swc-node/register");
const [, , file, ...rest] = process.argv;
if (!file) {
  console.error("usage: node scripts/run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(file), ...rest];
require(path.resolve(file));
