/** Name of the Background Sync queue of failed pushes; its sync tag is `workbox-background-sync:` + this. */
export const PUSH_QUEUE = 'outpost-push';

/** How long a failed push is kept for replay: the server remembers batches 7 days. */
export const PUSH_QUEUE_RETENTION_MINUTES = 7 * 24 * 60;

/** The lists `$service-worker` gives a SvelteKit service worker. */
export interface ServiceWorkerFiles {
	build: readonly string[];
	files: readonly string[];
	prerendered: readonly string[];
	version: string;
}

/**
 * The precache manifest of the app shell. Build files carry a hash in their names and need
 * no revision; static and prerendered files are revisioned by the build version.
 */
export function precacheEntries(
	list: ServiceWorkerFiles
): { url: string; revision: string | null }[] {
	const immutable = list.build.map((url) => ({ url, revision: null }));
	const versioned = [...list.files, ...list.prerendered]
		.filter((url) => !url.endsWith('.DS_Store'))
		.map((url) => ({ url, revision: list.version }));
	const seen = new Set<string>();
	return [...immutable, ...versioned].filter(
		(entry) => !seen.has(entry.url) && seen.add(entry.url)
	);
}
