// The plain pages Entra's redirects land on (SERVICE_PUBLIC_URL/landing/...): one heading and one
// sentence, every value escaped, no script, a CSP that allows nothing else, and no referrer (the
// landing URL carries a code or a state).
import { createHash } from "node:crypto";

export interface LandingOutcome {
  status: number;
  title: string;
  message: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}";
/** The one inline style, allowed by its hash (CSP Level 2), so nothing else inline may run or style. */
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

export const LANDING_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
} as const;

export function landingHtml(outcome: LandingOutcome): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(outcome.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(outcome.title)}</h1>
<p>${escapeHtml(outcome.message)}</p>
</main>
</body>
</html>
`;
}
