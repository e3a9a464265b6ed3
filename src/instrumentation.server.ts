// Runs before adapter-node sets up its server: build/index.js imports this file first and the
// server after it (`kit.experimental.instrumentation.server` in svelte.config.js), whether the
// server is started with `node build` or `npm start`.
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dev } from '$app/environment';
import { CredentialGate } from '$lib/server/http/credential-gate';
import { guardNewServers, listenBacklog } from '$lib/server/http/server-guard';
import { supabaseOrigin } from '$lib/server/supabase/supabase-config';

// adapter-node reads BODY_SIZE_LIMIT once, when its handler loads, and refuses a larger body
// with a bare error (512 KB by default, a valid push answered 500). The app sets and enforces
// the limit of each endpoint itself, with a 413 problem (2 MiB per push, 16 KiB per sign-in,
// 4 MiB per chat), so the adapter's limit is lifted unless the operator sets one.
process.env.BODY_SIZE_LIMIT ??= 'Infinity';

// Every response gets the security headers, and a request for a build file that a rebuild has
// deleted gets 404 instead of crashing the process. adapter-node serves static files and the
// prerendered page before SvelteKit's `handle` hook, so this wraps the HTTP server itself.
// This file sits in build/, beside the client/ folder adapter-node serves. The listen backlog
// is LISTEN_BACKLOG (default 4096), so that a burst of connections does not make the kernel
// drop other users' connection attempts; the credential gate refuses an account's API requests
// beyond its cap before the framework reads them.
if (!dev) {
	guardNewServers(http, {
		clientDir: join(dirname(fileURLToPath(import.meta.url)), 'client'),
		backlog: listenBacklog(process.env.LISTEN_BACKLOG),
		gate: new CredentialGate(),
		// In Supabase mode the page talks to the project's Auth.
		connectTo: [supabaseOrigin(process.env)].filter((origin) => origin !== undefined)
	});
}
