// azure-devops-extension-api pulls in whatwg-fetch, which reads `self` (a worker or window global).
(globalThis as { self?: unknown }).self ??= globalThis;
export {};
