// The control API (`/_emulator/...` on the host origin, CONTRACT.md): what tests and the host
// page's user switcher use to steer the emulated organization. No auth: the emulator is local-only.
import { APP_TOKEN_LIFETIME_SECONDS } from "./app-token";
import type { FaultInjector } from "./faults";
import { BadRequest, RouteTable, type RouteContext } from "./http";
import type { EmulatorState } from "./state";
import type { FaultSettings, RequestLogEntry, ServerSettings } from "./types";

export interface ControlDeps {
  state: EmulatorState;
  faults: FaultInjector;
  settings: ServerSettings;
  requestLog: RequestLogEntry[];
  issueToken: (userId: string, lifetimeSeconds?: number) => string;
  issueAppToken: (userId: string, lifetimeSeconds?: number) => string;
  naaToken: (request: unknown) => { status: number; body: unknown };
  consents: () => unknown[];
  reset: () => void;
}

async function objectBody(ctx: RouteContext): Promise<Record<string, unknown>> {
  const body = (await ctx.body()) ?? {};
  if (typeof body !== "object" || Array.isArray(body))
    throw new BadRequest("The body must be a JSON object.");
  return body as Record<string, unknown>;
}

function projectName(body: Record<string, unknown>): string {
  if (typeof body.name !== "string" || body.name.trim() === "")
    throw new BadRequest("Give the project a non-empty name.");
  return body.name;
}

export function createControlApi(deps: ControlDeps): RouteTable {
  const { state } = deps;
  const routes = new RouteTable();
  const userView = (): Record<string, unknown> => ({ ...state.currentUser });

  routes.add("POST", /^\/_emulator\/token$/, async (ctx) => {
    const body = await objectBody(ctx);
    const kind = body.kind === "app" ? "app" : "access";
    const userId = typeof body.userId === "string" ? body.userId : state.currentUserId;
    if (!state.user(userId)) throw new BadRequest(`No user ${userId} in the fixture.`, 404);
    const lifetime =
      typeof body.lifetimeSeconds === "number"
        ? body.lifetimeSeconds
        : kind === "app"
          ? APP_TOKEN_LIFETIME_SECONDS
          : deps.settings.tokenLifetimeSeconds;
    const token =
      kind === "app" ? deps.issueAppToken(userId, lifetime) : deps.issueToken(userId, lifetime);
    return {
      status: 200,
      body: { token, expiresAt: new Date(Date.now() + lifetime * 1000).toISOString() },
    };
  });
  routes.add("POST", /^\/_emulator\/tokens\/revoke$/, () => {
    state.revokeTokens();
    return { status: 204 };
  });

  routes.add("GET", /^\/_emulator\/user$/, () => ({ status: 200, body: userView() }));
  routes.add("POST", /^\/_emulator\/user$/, async (ctx) => {
    const body = await objectBody(ctx);
    const userId = String(body.userId ?? "");
    if (!state.user(userId)) throw new BadRequest(`No user ${userId} in the fixture.`, 404);
    state.currentUserId = userId;
    return { status: 200, body: userView() };
  });
  routes.add("GET", /^\/_emulator\/users$/, () => ({ status: 200, body: state.users }));

  routes.add("GET", /^\/_emulator\/faults$/, () => ({ status: 200, body: deps.faults.settings }));
  routes.add("POST", /^\/_emulator\/faults$/, async (ctx) => {
    const body = await objectBody(ctx);
    if (typeof body.pathPattern === "string") {
      try {
        new RegExp(body.pathPattern);
      } catch {
        throw new BadRequest(`pathPattern is not a regular expression: ${body.pathPattern}`);
      }
    }
    deps.faults.update(body as Partial<FaultSettings>);
    return { status: 200, body: deps.faults.settings };
  });

  routes.add("GET", /^\/_emulator\/settings$/, () => ({ status: 200, body: deps.settings }));
  routes.add("POST", /^\/_emulator\/settings$/, async (ctx) => {
    const body = await objectBody(ctx);
    Object.assign(deps.settings, body);
    return { status: 200, body: deps.settings };
  });

  routes.add("GET", /^\/_emulator\/requests$/, () => ({ status: 200, body: deps.requestLog }));
  routes.add("DELETE", /^\/_emulator\/requests$/, () => {
    deps.requestLog.length = 0;
    return { status: 204 };
  });

  routes.add("GET", /^\/_emulator\/projects$/, () => ({
    status: 200,
    body: state.sortedProjects(),
  }));
  routes.add("POST", /^\/_emulator\/projects$/, async (ctx) => {
    const body = await objectBody(ctx);
    const description = typeof body.description === "string" ? body.description : "";
    return { status: 201, body: state.createProject(projectName(body), description) };
  });
  routes.add("POST", /^\/_emulator\/projects\/(?<id>[^/]+)$/, async (ctx) => {
    const body = await objectBody(ctx);
    const p = state.renameProject(ctx.params.id ?? "", projectName(body));
    return p
      ? { status: 200, body: p }
      : { status: 404, body: { message: `No project ${ctx.params.id}.` } };
  });
  routes.add("DELETE", /^\/_emulator\/projects\/(?<id>[^/]+)$/, (ctx) => {
    const p = state.deleteProject(ctx.params.id ?? "");
    return p
      ? { status: 200, body: p }
      : { status: 404, body: { message: `No project ${ctx.params.id}.` } };
  });

  routes.add("GET", /^\/_emulator\/documents$/, () => ({
    status: 200,
    body: [...state.documents.entries()].map(([key, docs]) => {
      const [publisher, extension, scopeType, scopeValue, collection] = key.split("\u0000");
      return {
        publisher,
        extension,
        scopeType,
        scopeValue,
        collection,
        documents: [...docs.values()],
      };
    }),
  }));

  routes.add("POST", /^\/_emulator\/naa\/token$/, async (ctx) => deps.naaToken(await ctx.body()));
  routes.add("GET", /^\/_emulator\/consents$/, () => ({ status: 200, body: deps.consents() }));
  routes.add("POST", /^\/_emulator\/reset$/, () => {
    deps.reset();
    return { status: 204 };
  });

  return routes;
}
