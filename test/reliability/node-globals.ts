// azure-devops-extension-api bundles whatwg-fetch, which reads `self` when it loads. Node has no
// `self` (and has fetch already, so the polyfill stays unused). Import this module before anything
// that imports the api package.
(globalThis as { self?: unknown }).self ??= globalThis;

export {};
