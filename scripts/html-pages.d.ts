// Types of scripts/html-pages.js (CommonJS, required by webpack.config.js).

/** The service a build is fixed to: its origin, and whether it is on this machine. */
export interface BuiltService {
  origin: string;
  local: boolean;
}

/** What a folder's page.json says, with the folder's name as id. */
export interface PageSpec {
  id: string;
  title: string;
  stylesheets?: string[];
  csp?: string;
}

export function contributionCsp(service: BuiltService): string;
export function fillTemplate(template: string, values: Record<string, string | string[]>): string;
export function htmlPage(template: string, page: PageSpec): string;
export function pageCopies(
  root: string,
  to: string,
  csp?: string,
): { from: string; to: string; transform: (content: Buffer) => string }[];
