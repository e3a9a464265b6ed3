// Starts the built server (build/index.js from `npm run build`) with Outpost's defaults.
// adapter-node's own body limit answers with plain text; the API checks sizes itself and
// answers with problem+json, so the adapter's limit is lifted unless one is configured.
process.env.BODY_SIZE_LIMIT ??= 'Infinity';
process.env.PORT ??= '3000';
await import('../build/index.js');
