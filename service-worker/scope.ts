/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/** The service worker's global scope. */
export const sw = self as unknown as ServiceWorkerGlobalScope;
