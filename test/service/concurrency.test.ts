// Two PCAs saving at once, through two instances of the service on one store: twenty concurrent
// saves of different projects all survive, and the same project changed by both is stored once
// and reported to the other as a conflict.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import type { SaveScopeResponse } from "../../src/core/service-api";
import {
  type Harness,
  type InjectRequest,
  type InjectResponse,
  STORES,
  newOpId,
  startHarness,
} from "./support/service-harness";

describe.each(STORES)("concurrent saves on %s", (kind) => {
  let h: Harness;
  let second: { inject(request: InjectRequest): Promise<InjectResponse> };
  let dir: string | undefined;
  beforeAll(async () => {
    dir =
      kind === "sqlite" ? fs.mkdtempSync(path.join(os.tmpdir(), "svc-concurrency-")) : undefined;
    h = await startHarness(
      kind,
      `concurrency_${kind}`,
      dir ? { store: `sqlite:${path.join(dir, "service.db")}` } : {},
    );
    second = await h.anotherInstance();
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("twenty concurrent saves by two PCAs on two instances: nothing lost, one history record each", async () => {
    // The service keeps entries of projects Azure DevOps no longer lists, so any project id will do.
    const projects = Array.from({ length: 20 }, (_, i) => ({
      id: randomUUID(),
      name: `Project ${i}`,
    }));
    const opIds = projects.map(() => newOpId());
    const results = await Promise.all(
      projects.map((p, i) =>
        (i % 2 === 0 ? h : second).inject({
          method: "POST",
          url: h.url("/scope/changes"),
          headers: h.headersOf(i % 2 === 0 ? h.users.pca : h.users.pca2),
          payload: {
            opId: opIds[i],
            changes: [
              {
                projectId: p.id,
                name: p.name,
                after: { choice: "included", dataTypes: ["repos"] },
              },
            ],
          },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(projects.map(() => 200));
    expect(results.every((r) => (r.json() as SaveScopeResponse).applied.length === 1)).toBe(true);
    const state = (
      await h.inject({ method: "GET", url: h.url("/state"), headers: h.headersOf(h.users.pca) })
    ).json();
    const stored = new Map(
      state.scope.entries.map((e: { projectId: string; opId: string }) => [e.projectId, e.opId]),
    );
    projects.forEach((p, i) => expect(stored.get(p.id)).toBe(opIds[i]));
    const history = (
      await h.inject({
        method: "GET",
        url: h.url("/history?limit=200"),
        headers: h.headersOf(h.users.pca),
      })
    ).json();
    expect(history.records.map((r: { opId: string }) => r.opId).sort()).toEqual([...opIds].sort());
  });

  test("the same project saved by both PCAs at once: one applies, the other is told of the conflict", async () => {
    const project = h.emulator.state.sortedProjects()[0]!;
    const save = (via: typeof second, userId: string, dataTypes: string[]) =>
      via.inject({
        method: "POST",
        url: h.url("/scope/changes"),
        headers: h.headersOf(userId),
        payload: {
          opId: newOpId(),
          changes: [
            { projectId: project.id, name: project.name, after: { choice: "included", dataTypes } },
          ],
        },
      });
    const [a, b] = await Promise.all([
      save(h, h.users.pca, ["repos"]),
      save(second, h.users.pca2, ["wiki"]),
    ]);
    const results = [a.json() as SaveScopeResponse, b.json() as SaveScopeResponse];
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
    expect(results.map((r) => r.conflicts.length).sort()).toEqual([0, 1]);
    const winner = results.find((r) => r.applied.length === 1)!;
    const loser = results.find((r) => r.conflicts.length === 1)!;
    expect(loser.conflicts[0]!.theirs?.opId).toBe(winner.opId);
    const state = (
      await h.inject({ method: "GET", url: h.url("/state"), headers: h.headersOf(h.users.pca) })
    ).json();
    expect(
      state.scope.entries.find((e: { projectId: string }) => e.projectId === project.id).opId,
    ).toBe(winner.opId);
  });
});
