import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Precompressed copies would be served in place of the files the service worker precaches;
		// the assets are small and the server compresses nothing else either.
		adapter: adapter({ precompress: false }),
		// Registered by hand in src/lib/client/service-worker-registration.ts: in `vite dev` the
		// service worker is an ES module and needs `{ type: 'module' }`.
		serviceWorker: { register: false }
	}
};

export default config;
