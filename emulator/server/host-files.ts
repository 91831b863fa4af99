// The host page's own built files (dist/host/), under /_host/ on the host origin.
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join, normalize, sep } from "node:path";
import { contentTypeOf } from "./extension-package";
import { send } from "./http";
import { HOST_DIST } from "./repository-paths";

export async function serveHostFile(res: ServerResponse, relative: string): Promise<void> {
  const target = normalize(join(HOST_DIST, relative));
  if (!target.startsWith(HOST_DIST + sep)) return send(res, { status: 404 });
  try {
    const content = await readFile(target);
    send(res, {
      status: 200,
      headers: {
        "Content-Type": contentTypeOf(target),
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
      },
      body: content,
    });
  } catch {
    const hint = relative === "host.js" ? " The host page is not built: run `npm run build`." : "";
    send(res, {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: `Not found: /_host/${relative}.${hint}`,
    });
  }
}
