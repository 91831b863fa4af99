// What Node has and jsdom's global scope lacks, imported first by the panel's jsdom tests.
import { TextDecoder, TextEncoder } from "node:util";

const g = globalThis as Record<string, unknown>;
g.TextEncoder ??= TextEncoder;
g.TextDecoder ??= TextDecoder;
// The in-memory documents only hold JSON.
g.structuredClone ??= <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
