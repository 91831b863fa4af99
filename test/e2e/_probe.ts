import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { tmpdir } from "node:os";
(async () => {
  for (const variant of ["post303", "post303coop", "get302coop"]) {
  const server = createServer((req, res) => {
    const u = new URL(req.url!, "http://localhost");
    if (req.method === "POST" || u.pathname === "/go") { res.writeHead(req.method === "POST" ? 303 : 302, { Location: u.searchParams.get("r") + "?code=abc&state=1" }); res.end(); return; }
    const redirect = u.searchParams.get("redirect_uri")!;
    const h: Record<string, string> = { "content-type": "text/html" };
    if (variant.includes("coop")) h["Cross-Origin-Opener-Policy"] = "same-origin";
    res.writeHead(200, h);
    res.end(variant.startsWith("get") ? `<a href="/go?r=${encodeURIComponent(redirect)}">Continue</a>` : `<form method="post" action="/post?r=${encodeURIComponent(redirect)}"><button>Continue</button></form>`);
  }).listen(0);
  const port = (server.address() as any).port;
  const dir = join(process.cwd(), "dist/browser");
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "probe-")), {
    executablePath: "/usr/bin/chromium", headless: true, ignoreDefaultArgs: ["--disable-extensions"],
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--load-extension=${dir}`, `--disable-extensions-except=${dir}`],
  });
  let [sw] = ctx.serviceWorkers();
  sw ??= await ctx.waitForEvent("serviceworker");
  ctx.on("page", async (p) => { try { await p.getByText("Continue").click({ timeout: 5000 }); } catch (e) { console.log("click failed", (e as Error).message.split("\n")[0]); } });
  const r = sw.evaluate(async (port) => {
    const c = (globalThis as any).chrome;
    const redirect = c.identity.getRedirectURL();
    try { return "ok " + (await c.identity.launchWebAuthFlow({ url: `http://localhost:${port}/auth?redirect_uri=` + encodeURIComponent(redirect), interactive: true })); } catch (e) { return "err " + (e as Error).message; }
  }, port);
  console.log(variant, await Promise.race([r, new Promise((res) => setTimeout(() => res("timeout"), 12000))]));
  await ctx.close(); server.close();
  }
})();
