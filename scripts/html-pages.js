// The HTML pages webpack writes (webpack.config.js): every folder of src/contributions/ or
// extension/ with a page.json is one page, <id>/<id>.html, made from the one template beside those
// folders (page.html) with the folder's title and stylesheets and its bundle <id>.js.
// The marketplace pages' CSP is built here too, for the service the build is fixed to.
// CommonJS because webpack.config.js requires it; the tests use it too.
const fs = require("node:fs");
const path = require("node:path");

/** Where the emulated organization runs: only a build for a local service may reach it. */
const LOOPBACK_SOURCES = ["http://localhost:*", "http://127.0.0.1:*"];

/** Azure DevOps and Microsoft Entra, which every page may call. */
const PLATFORM_SOURCES = [
  "https://dev.azure.com",
  "https://*.dev.azure.com",
  "https://*.visualstudio.com",
  "https://login.microsoftonline.com",
];

/**
 * A marketplace page's CSP for a service ({ origin, local }): connect-src is the service, Azure
 * DevOps and Entra; a build for a local service (npm start, tests) adds loopback, where the
 * emulated organization and its avatars are, to connect-src and img-src.
 */
function contributionCsp(service) {
  const loopback = service.local ? LOOPBACK_SOURCES : [];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src", "'self'", "data:", "https:", ...loopback].join(" "),
    ["connect-src", service.origin, ...PLATFORM_SOURCES, ...loopback].join(" "),
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * The template with each {{name}} replaced by values[name]. A list is one item a line, at the
 * indentation of a placeholder that stands alone on its line.
 */
function fillTemplate(template, values) {
  const valueOf = (name) => {
    if (!(name in values)) throw new Error(`No value for {{${name}}} in a page template`);
    return values[name];
  };
  return template
    .replace(/^([ \t]*)\{\{(\w+)\}\}\n/gm, (_, indent, name) =>
      [valueOf(name)]
        .flat()
        .map((line) => `${indent}${line}\n`)
        .join(""),
    )
    .replace(/\{\{(\w+)\}\}/g, (_, name) => [valueOf(name)].flat().join(" "));
}

/** One page: its id (folder and script name), title, stylesheets and, for the marketplace, CSP. */
function htmlPage(template, { id, title, stylesheets = [], csp }) {
  return fillTemplate(template, {
    id,
    title,
    stylesheets: stylesheets.map((href) => `<link rel="stylesheet" href="${href}" />`),
    ...(csp === undefined ? {} : { csp }),
  });
}

/** CopyPlugin patterns writing <to>/<id>/<id>.html for each folder of root with a page.json. */
function pageCopies(root, to, csp) {
  const template = path.join(root, "page.html");
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, "page.json")))
    .map((d) => ({
      from: path.join(root, d.name, "page.json"),
      to: path.join(to, d.name, `${d.name}.html`),
      transform: (content) =>
        htmlPage(fs.readFileSync(template, "utf8"), {
          ...JSON.parse(content.toString()),
          id: d.name,
          csp,
        }),
    }));
}

module.exports = { contributionCsp, fillTemplate, htmlPage, pageCopies };
