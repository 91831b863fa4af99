import "../reliability/node-globals"; // before the api package: it reads `self` when it loads
import {
  OrganizationService,
  PROJECT_PAGES_AT_ONCE,
  PROJECTS_PAGE_SIZE,
} from "../../src/ado/organization";
import { AdoTransport } from "../../src/ado/transport";

/** Projects paged as Azure DevOps pages them: integer offsets, `$skip`, a token while more remain. */
function organizationOf(names: string[]): { service: OrganizationService; skips: number[] } {
  const skips: number[] = [];
  const transport = new AdoTransport({
    authorizationHeader: async () => "Bearer t",
    fetch: async (input) => {
      const url = new URL(String(input));
      const top = Number(url.searchParams.get("$top") ?? 100);
      const start =
        Number(url.searchParams.get("continuationToken") ?? 0) +
        Number(url.searchParams.get("$skip") ?? 0);
      skips.push(start);
      const page = names.slice(start, start + top).map((n) => ({ id: `id-${n}`, name: n }));
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (start + top < names.length) headers["x-ms-continuationtoken"] = String(start + top);
      return new Response(JSON.stringify(page), { status: 200, headers });
    },
  });
  return {
    service: new OrganizationService(transport, Promise.resolve("https://dev.azure.com/o/")),
    skips,
  };
}

const named = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `p${String(i).padStart(6, "0")}`);

describe("listing every project", () => {
  it("one request when the first page holds them all", async () => {
    const { service, skips } = organizationOf(named(42));
    expect(await service.listProjects()).toHaveLength(42);
    expect(skips).toEqual([0]);
  });

  it("10,000 projects: the first page, then the other nine at once by $skip", async () => {
    const { service, skips } = organizationOf(named(10_000));
    const pages: boolean[] = [];
    const listed = await service.listProjects((p) => pages.push(p.done));
    expect(listed).toHaveLength(10_000);
    expect(skips).toEqual(
      Array.from({ length: PROJECT_PAGES_AT_ONCE }, (_, i) => i * PROJECTS_PAGE_SIZE),
    );
    expect(pages[pages.length - 1]).toBe(true);
    expect(pages.filter((d) => d)).toHaveLength(1);
  });

  it("more than fit in two rounds: further rounds of pages at once, each project once", async () => {
    const { service, skips } = organizationOf(named(25_500));
    const listed = await service.listProjects();
    expect(listed).toHaveLength(25_500);
    expect(new Set(listed.map((p) => p.id)).size).toBe(25_500);
    expect(skips).toHaveLength(1 + 9 + 10 + 10); // the last round asks a little past the end
  });

  it("keeps a project repeated across pages once", async () => {
    const names = named(2_500);
    // Page two starts one early: the project at the seam comes twice.
    const { service } = organizationOf([
      ...names.slice(0, 1000),
      names[999] as string,
      ...names.slice(1000),
    ]);
    const listed = await service.listProjects();
    expect(listed.map((p) => p.name)).toEqual(names);
  });
});
