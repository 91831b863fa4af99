// Placeholder until the browser-extension work lands: keeps the build and web-ext lint honest.
export {};
