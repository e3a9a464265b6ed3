import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { compileHints } from './scripts/compile-hints.ts';
import { CHROMIUM_ARGS } from './tests/e2e/chromium.ts';

/** Node unit tests: everything but the database and browser tests. */
const NODE_TESTS = [
	'src/**/*.test.ts',
	'service-worker/**/*.test.ts',
	'tests/support/**/*.test.ts',
	'bench/**/*.test.ts',
	'scripts/**/*.test.ts'
];
/**
 * Tests against a real PostgreSQL server, started once for the run: the SQL beside its code,
 * and in tests/server/ the HTTP tests of the built server (node build).
 */
const DATABASE_TESTS = [
	'src/**/*.pg.test.ts',
	'tests/server/**/*.test.ts',
	// Against a real Supabase project when SUPABASE_URL names one; skipped (and said so) otherwise.
	'tests/integration/**/*.test.ts'
];
/** The HTTP tests of syncing, run again in Supabase mode (the `supabase` project). */
const SUPABASE_SYNC_TESTS = [
	'tests/server/exactly-once-servers.test.ts',
	'tests/server/account-binding.test.ts',
	'tests/server/live-events.test.ts',
	'tests/server/push-fuzz.test.ts',
	'tests/server/usage-api.test.ts',
	'tests/server/rate-limit-servers.test.ts',
	'tests/server/reply-servers.test.ts',
	'tests/server/chat-api.test.ts'
];
/** Tests in Debian's Chromium (real IndexedDB, real workers). */
const BROWSER_TESTS = ['src/**/*.browser.test.ts'];

/** The colour of the app's icons and installed window. */
const THEME_COLOR = '#1f4e5f';

export default defineConfig({
	plugins: [
		sveltekit(),
		// The chat page's code compiles as it loads, not in the task that shows it after sign-in.
		compileHints('src/routes/+page.svelte'),
		// Builds the service worker with workbox-build's injectManifest: Kit bundles
		// service-worker/index.ts, and the plugin injects the revisioned precache manifest
		// (`self.__WB_MANIFEST`) of the app shell. It also writes manifest.webmanifest.
		SvelteKitPWA({
			strategies: 'injectManifest',
			// Registered by src/lib/client/pwa/registration.ts with workbox-window.
			injectRegister: false,
			injectManifest: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/**/*.{html,json}'
				]
			},
			// The icons come from static/icons/outpost.svg (`npm run icons`, pwa-assets.config.ts).
			manifest: {
				id: '/',
				name: 'Outpost',
				short_name: 'Outpost',
				description: 'A chat that keeps working offline and syncs only what changed.',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				background_color: '#f5f7f8',
				theme_color: THEME_COLOR,
				icons: [
					{ src: '/icons/pwa-64x64.png', sizes: '64x64', type: 'image/png' },
					{ src: '/icons/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/maskable-icon-512x512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			}
		})
	],
	// Pre-bundled up front so that `vite dev` does not reload the page mid-test when it first meets them.
	optimizeDeps: {
		include: [
			'comlink',
			'idb',
			'canonicalize',
			'zod',
			'uuid',
			'workbox-precaching',
			'workbox-routing',
			'workbox-background-sync',
			'workbox-core',
			'workbox-window'
		]
	},
	worker: { format: 'es' },
	test: {
		// One report for every project: scripts/test-summary.js counts it.
		reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
		testTimeout: 30_000,
		// A test that asserts nothing cannot fail.
		expect: { requireAssertions: true },
		// Two files at a time, even on two cores: most tests wait on a server, a database or the
		// browser, and the default of one worker there makes the run half as fast again.
		maxWorkers: 2,
		hookTimeout: 120_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'node',
					include: NODE_TESTS,
					exclude: [...DATABASE_TESTS, ...BROWSER_TESTS],
					environment: 'node',
					// Pure logic, leaving no state behind: the files share their workers' module
					// cache instead of each starting a process and importing its modules again
					// (39 s → 13 s for these 119 files; the run is CPU-bound throughout).
					isolate: false
				}
			},
			{
				extends: true,
				test: {
					name: 'database',
					include: DATABASE_TESTS,
					// The database tests start the server: its build must not be older than the sources.
					globalSetup: ['tests/support/vitest-build.ts', 'tests/support/vitest-postgres.ts'],
					environment: 'node',
					// Each file makes its own databases and servers and stops them: the files share
					// their workers' module cache, as the node tests do (the whole run 420 s → 333 s).
					// The Supabase project stays isolated: its mode is read once per module.
					isolate: false
				}
			},
			{
				extends: true,
				test: {
					// The sync suite again in Supabase mode: servers on databases the Supabase CLI
					// migrated, users signed up at a stand-in for Supabase Auth (tests/support/test-auth.ts).
					name: 'supabase',
					include: SUPABASE_SYNC_TESTS,
					globalSetup: [
						'tests/support/vitest-build.ts',
						'tests/support/vitest-postgres.ts',
						'tests/support/vitest-supabase.ts'
					],
					env: { OUTPOST_TEST_AUTH: 'supabase' },
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					include: BROWSER_TESTS,
					browser: {
						enabled: true,
						headless: true,
						screenshotFailures: false,
						instances: [{ browser: 'chromium' }],
						provider: playwright({
							launchOptions: {
								executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
								args: CHROMIUM_ARGS
							}
						})
					}
				}
			}
		]
	}
});
