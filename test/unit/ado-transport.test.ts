import { AdoRequestError, AdoTransport } from "../../src/ado/transport";

function transportWith(answers: Response[]): { transport: AdoTransport; waited: number[] } {
  const waited: number[] = [];
  let now = 0;
  const transport = new AdoTransport({
    authorizationHeader: async () => "Bearer t",
    fetch: async () => {
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      return next;
    },
    sleep: async (ms) => {
      waited.push(ms);
      now += ms;
    },
    now: () => now,
    random: () => 0.5,
  });
  return { transport, waited };
}

const ok = (headers: Record<string, string> = {}) =>
  new Response("{}", { status: 200, headers: { "Content-Type": "application/json", ...headers } });

describe("the Azure DevOps transport and rate limits", () => {
  it("does not wait again for a delay the server already served (X-RateLimit-Delay), but counts it", async () => {
    const { transport, waited } = transportWith([
      ok({ "X-RateLimit-Delay": "1.500", "X-RateLimit-Remaining": "0" }),
      ok(),
    ]);
    await transport.request("https://dev.azure.com/o/_apis/projects");
    await transport.request("https://dev.azure.com/o/_apis/projects");
    expect(waited).toEqual([]);
    expect(transport.stats.serverDelayedMs).toBe(1500);
    expect(transport.stats.throttledMs).toBe(0);
  });

  it("waits out a Retry-After that came on a 200 before the next request", async () => {
    const { transport, waited } = transportWith([ok({ "Retry-After": "3" }), ok()]);
    await transport.request("https://dev.azure.com/o/_apis/projects");
    await transport.request("https://dev.azure.com/o/_apis/projects");
    expect(waited).toEqual([3000]);
  });

  it("never retries a document over the size limit (a 500 that cannot succeed)", async () => {
    const { transport, waited } = transportWith([
      new Response(
        JSON.stringify({ message: "too large", typeKey: "MaximumDocumentSizeException" }),
        { status: 500 },
      ),
    ]);
    const failure = transport.request("https://extmgmt.dev.azure.com/o/_apis/x", {
      method: "PUT",
    });
    await expect(failure).rejects.toBeInstanceOf(AdoRequestError);
    await expect(failure).rejects.toMatchObject({
      status: 500,
      typeKey: "MaximumDocumentSizeException",
    });
    expect(transport.stats.requests).toBe(1);
    expect(waited).toEqual([]);
  });

  it("still retries an ordinary 500", async () => {
    const { transport } = transportWith([new Response("oops", { status: 500 }), ok()]);
    await transport.request("https://dev.azure.com/o/_apis/projects");
    expect(transport.stats.requests).toBe(2);
  });
});
