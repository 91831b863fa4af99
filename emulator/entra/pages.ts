// The authority's HTML pages. Every piece of data is escaped; no script runs except the
// nonce-bearing auto-submit of a form_post response.

export interface HtmlPage {
  html: string;
  /** Content-Security-Policy for the page. */
  csp: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:440px;margin:48px auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-weight:600;color:#737373;margin:0 0 16px}
h1{font-size:1.5rem;font-weight:600;margin:0 0 16px}
ul.users{list-style:none;padding:0}
ul.users li{margin:8px 0}
button{font:inherit;padding:8px 16px;border:1px solid #8a8a8a;background:#fff;cursor:pointer;min-width:108px}
button.primary{background:#0067b8;border-color:#0067b8;color:#fff}
ul.users button{width:100%;text-align:left}
.actions{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
.muted{color:#605e5c;font-size:.9rem}
code{word-break:break-all}
`;

function page(title: string, body: string, nonce: string, formTargets: string[]): HtmlPage {
  const formAction = ["'self'", ...formTargets].join(" ");
  return {
    csp: `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Microsoft (emulated)</p>
${body}
</main>
</body>
</html>
`,
  };
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

interface PageUser {
  id: string;
  displayName: string;
  email: string;
}

/** "Pick an account": one button per directory user, and Cancel. */
export function signInPage(opts: {
  nonce: string;
  action: string;
  flowId: string;
  appName: string;
  purpose: string;
  users: PageUser[];
  formTargets: string[];
}): HtmlPage {
  const buttons = opts.users
    .map(
      (u) =>
        `<li><button type="submit" name="user" value="${escapeHtml(u.id)}">Sign in as ${escapeHtml(u.displayName)}</button>` +
        ` <span class="muted">${escapeHtml(u.email)}</span></li>`,
    )
    .join("\n");
  const body = `<h1>Pick an account</h1>
<p>to continue to <strong>${escapeHtml(opts.appName)}</strong>. ${escapeHtml(opts.purpose)}</p>
<form method="post" action="${escapeHtml(opts.action)}" aria-label="Pick an account">
${hidden("flow", opts.flowId)}
<ul class="users">
${buttons || "<li>No users in this directory.</li>"}
</ul>
<div class="actions"><button type="submit" name="decision" value="cancel">Cancel</button></div>
</form>`;
  return page("Sign in to your account", body, opts.nonce, opts.formTargets);
}

/** "Permissions requested": the app, who is signed in, the permissions, Accept and Cancel. */
export function consentPage(opts: {
  nonce: string;
  action: string;
  flowId: string;
  appName: string;
  userName: string;
  userEmail: string;
  permissions: string[];
  formTargets: string[];
}): HtmlPage {
  const items = opts.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join("\n");
  const body = `<h1>Permissions requested for ${escapeHtml(opts.appName)}</h1>
<p class="muted">Signed in as ${escapeHtml(opts.userName)} (${escapeHtml(opts.userEmail)})</p>
<p>This app would like to:</p>
<ul aria-label="Requested permissions">
${items}
</ul>
<p>Accepting grants these permissions on behalf of your whole organization: every user of the tenant will not be asked again.</p>
<form method="post" action="${escapeHtml(opts.action)}" aria-label="Consent">
${hidden("flow", opts.flowId)}
<div class="actions">
<button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="accept" class="primary">Accept</button>
</div>
</form>`;
  return page(`Permissions requested: ${opts.appName}`, body, opts.nonce, opts.formTargets);
}

export function errorPage(opts: {
  nonce: string;
  title: string;
  code: string;
  description: string;
}): HtmlPage {
  const body = `<h1>${escapeHtml(opts.title)}</h1>
<p role="alert">${escapeHtml(opts.description)}</p>
<p class="muted">Error code: <code>${escapeHtml(opts.code)}</code></p>`;
  return page(opts.title, body, opts.nonce, []);
}

export function signedOutPage(nonce: string): HtmlPage {
  return page("Signed out", `<h1>You signed out of your account</h1>`, nonce, []);
}

/** response_mode=form_post: posts the response to the redirect URI (a button remains if scripts are off). */
export function formPostPage(opts: {
  nonce: string;
  redirectUri: string;
  params: Record<string, string>;
}): HtmlPage {
  const fields = Object.entries(opts.params)
    .map(([k, v]) => hidden(k, v))
    .join("\n");
  const body = `<h1>Signing you in</h1>
<form method="post" action="${escapeHtml(opts.redirectUri)}" id="response">
${fields}
<button type="submit" class="primary">Continue</button>
</form>
<script nonce="${opts.nonce}">document.getElementById("response").submit();</script>`;
  return page("Signing you in", body, opts.nonce, [new URL(opts.redirectUri).origin]);
}
