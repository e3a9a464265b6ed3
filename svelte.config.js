import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	// Each component's markup is built with DOM calls the first time it is used, not parsed from
	// an HTML string: on first mount (signing in draws about 35 templates in one task) each
	// parse costs about half a millisecond here, the DOM calls a few microseconds.
	compilerOptions: { fragments: 'tree' },
	kit: {
		// Brotli and gzip copies of the build files and the prerendered pages, written at build
		// time and served to browsers that accept them: a third of the bytes on a phone's first
		// visit (Lighthouse's uses-text-compression). The service worker precaches the files
		// Kit built them from, decoded by the browser as any response is.
		adapter: adapter({ precompress: true }),
		// The service worker's source is the top-level service-worker/ folder. Kit bundles it;
		// @vite-pwa/sveltekit (vite.config.ts) injects the precache manifest with workbox-build;
		// src/lib/client/pwa/ registers it with workbox-window.
		files: { serviceWorker: 'service-worker' },
		serviceWorker: { register: false },
		// Kit's origin check covers only form content types and answers in plain text. The app's own
		// check (src/lib/server/http/cross-site.ts, run by the `handle` hook) refuses every
		// cross-site state-changing API request, JSON included, by Sec-Fetch-Site and Origin, with a
		// problem+json 403; Kit's would only turn the API's own 415 problems into plain-text 403s.
		csrf: { trustedOrigins: ['*'] },
		// The prerendered page carries this policy in a <meta> tag, with the hash of Kit's inline
		// bootstrap script, so no inline script but that one runs. A meta policy cannot forbid
		// framing: src/instrumentation.server.ts adds frame-ancestors (and nosniff, Referrer-Policy)
		// as headers to every response. Styles may be inline: Kit's own markup sets style
		// attributes (the app.html wrapper, the route announcer), and a style cannot run code.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self'],
				// Narrowed by the server's header to the app's own origin and, in Supabase mode, the
				// project's (src/lib/server/http/security-headers.ts), which the build cannot know.
				'connect-src': ['self', 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		prerender: {
			// The prerenderer follows the page's link to manifest.webmanifest, which
			// @vite-pwa/sveltekit writes only once the build is done.
			handleHttpError: ({ path, message }) => {
				if (path === '/manifest.webmanifest') return;
				throw new Error(message);
			}
		},
		// src/instrumentation.server.ts runs before adapter-node's server is set up.
		experimental: { instrumentation: { server: true } }
	}
};

export default config;
