import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// Pre-bundled up front so that `vite dev` does not reload the page mid-test when it first meets them.
	optimizeDeps: {
		include: [
			'comlink',
			'idb',
			'canonicalize',
			'zod',
			'workbox-precaching',
			'workbox-routing',
			'workbox-strategies',
			'workbox-background-sync',
			'workbox-core'
		]
	},
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.test.ts', 'tests/support/**/*.test.ts'],
		globalSetup: ['tests/support/vitest-postgres.ts'],
		environment: 'node',
		reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
		testTimeout: 30_000,
		hookTimeout: 120_000
	}
});
