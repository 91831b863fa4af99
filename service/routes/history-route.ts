// GET /history?before=&limit=: the audit history, newest first, a page at a time.
import type { FastifyInstance } from "fastify";
import { type HistoryPage, SERVICE_PATHS } from "../../src/core/service-api";
import { badRequest } from "../http/errors";
import { registerOrganizationRoute } from "../http/organization-route";
import { historyQuery } from "../http/schemas";
import { decodeCursor, encodeCursor, loadHistory } from "../store/scope-repository";
import type { ServiceContext } from "./context";

export const DEFAULT_HISTORY_PAGE = 50;
export const MAX_HISTORY_PAGE = 200;

export function registerHistoryRoute(app: FastifyInstance, ctx: ServiceContext): void {
  registerOrganizationRoute(
    app,
    {
      method: "GET",
      path: SERVICE_PATHS.history,
      summary: "The audit history, newest first",
      querystring: historyQuery,
    },
    async (caller, request): Promise<HistoryPage> => {
      const query = request.query as { before?: string; limit?: string };
      const limit = Math.min(
        MAX_HISTORY_PAGE,
        Math.max(1, Number(query.limit ?? DEFAULT_HISTORY_PAGE)),
      );
      const before = query.before === undefined ? undefined : decodeCursor(query.before);
      if (query.before !== undefined && !before)
        throw badRequest("`before` is not a cursor this service gave.");
      const page = await loadHistory(ctx.db, caller.organization, limit, before);
      return { records: page.records, ...(page.next ? { next: encodeCursor(page.next) } : {}) };
    },
  );
}
