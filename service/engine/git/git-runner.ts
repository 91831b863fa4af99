// Runs the real git (and git-lfs) for the engine. Credentials travel as an `http.extraheader`
// passed through GIT_CONFIG_COUNT/KEY/VALUE environment variables: never in a URL, an argument
// list (visible to `ps`) or a log line.
import { spawn } from "node:child_process";

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `git ${args.slice(0, 2).join(" ")} failed (${exitCode ?? "killed"}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
    this.name = "GitCommandError";
  }

  /** The server was busy or the connection broke: worth another try. */
  get transient(): boolean {
    return /HTTP (429|5\d\d)|returned error: (429|5\d\d)|RPC failed|Connection (reset|refused)|timed out|early EOF|unexpected disconnect|remote end hung up|Empty reply/i.test(
      this.stderr,
    );
  }
}

export interface GitOptions {
  cwd?: string;
  /** The Authorization header value ("Bearer …" or "Basic …") for remote operations. */
  authorization?: string;
  /** Extra `git -c` settings that hold no secret. */
  config?: Record<string, string>;
  /** Written to git's standard input (e.g. object ids for `cat-file --batch`). */
  input?: string;
}

function environment(o: GitOptions): NodeJS.ProcessEnv {
  const config: [string, string][] = Object.entries(o.config ?? {});
  if (o.authorization) config.push(["http.extraheader", `AUTHORIZATION: ${o.authorization}`]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    GIT_LFS_SKIP_SMUDGE: "1",
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

function redact(text: string, o: GitOptions): string {
  if (!o.authorization) return text;
  const secret = o.authorization.replace(/^\S+\s+/, "");
  return secret ? text.split(secret).join("***") : text;
}

export function git(args: string[], o: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: o.cwd,
      env: environment(o),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.on("error", () => undefined); // git may exit before reading it all: 'close' says why
    child.stdin.end(o.input ?? "");
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e) => reject(new GitCommandError(args, null, e.message)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new GitCommandError(args, code, redact(Buffer.concat(err).toString("utf8"), o)));
    });
  });
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_GIT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000 };

/** A remote git operation, retried with backoff when the server was busy or the line broke. */
export async function gitRemote(
  args: string[],
  o: GitOptions,
  retry = DEFAULT_GIT_RETRY,
  transient: (e: GitCommandError) => boolean = (e) => e.transient,
): Promise<string> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await git(args, o);
    } catch (e) {
      if (!(e instanceof GitCommandError) || !transient(e) || attempt >= retry.attempts) throw e;
      // git does not surface Retry-After; back off exponentially with jitter instead.
      const cap = retry.baseDelayMs * 2 ** (attempt - 1);
      await sleep(cap / 2 + (Math.random() * cap) / 2);
    }
  }
}
