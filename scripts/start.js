// @ts-check
// Starts the built server (build/index.js from `npm run build`) with Outpost's defaults.
// `npm start` runs this with `exec`, so that npm's SIGTERM and SIGINT reach this process
// itself (a shell between them would die and leave the server running).
// The body size limit is the app's own, whatever starts it: see src/instrumentation.server.ts.
process.env.PORT ??= '3000';
// Without ORIGIN adapter-node takes every request for https (and cookies would be Secure on a
// plain-http local server). Behind an https proxy, set ORIGIN to the public origin.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// A path in a variable: the build is not there to type-check before `npm run build`.
const server = '../build/index.js';
await import(server);
export {};
