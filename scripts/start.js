// Starts the built server (build/index.js from `npm run build`) with Outpost's defaults.
// adapter-node's own body limit answers with plain text; the API checks sizes itself and
// answers with problem+json, so the adapter's limit is lifted unless one is configured.
process.env.BODY_SIZE_LIMIT ??= 'Infinity';
process.env.PORT ??= '3000';
// Without ORIGIN adapter-node takes every request for https (and cookies would be Secure on a
// plain-http local server). Behind an https proxy, set ORIGIN to the public origin.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
await import('../build/index.js');
