// No token ever reaches the service's log, whether a request succeeds or is refused.
import { PassThrough } from "node:stream";
import { AZURE_DEVOPS_TOKEN_HEADER } from "../../src/core/service-api";
import { startService } from "../../service/app";
import { type Harness, send, startHarness } from "./support/service-harness";

test("the log holds no app token and no Azure DevOps token", async () => {
  const h: Harness = await startHarness("sqlite", "logging");
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
  const service = await startService({ ...h.config, logLevel: "trace" }, { logStream: stream });
  try {
    const appToken = h.emulator.issueAppToken(h.users.pca);
    const adoToken = h.emulator.issueToken(h.users.pca);
    const headers = {
      authorization: `Bearer ${appToken}`,
      [AZURE_DEVOPS_TOKEN_HEADER.toLowerCase()]: adoToken,
    };
    expect(
      (await send(service.url, { method: "GET", url: h.url("/state"), headers })).statusCode,
    ).toBe(200);
    const refused = await send(service.url, {
      method: "GET",
      url: h.url("/state"),
      headers: { ...headers, authorization: `Bearer ${appToken}x` },
    });
    expect(refused.statusCode).toBe(401);
    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join("");
    expect(log).not.toContain(appToken.split(".")[2]);
    expect(log).not.toContain(adoToken);
  } finally {
    await service.stop();
    await h.stop();
  }
});
