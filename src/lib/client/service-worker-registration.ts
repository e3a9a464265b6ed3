import { dev } from '$app/environment';

/**
 * Registers the service worker, and resolves once it controls the page (or after
 * `timeoutMs`), so that the sync worker started next is controlled too and its failed pushes
 * are queued for Background Sync.
 */
export async function registerServiceWorker(timeoutMs = 4000): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	try {
		// In `vite dev` the service worker is an ES module.
		await navigator.serviceWorker.register('/service-worker.js', {
			type: dev ? 'module' : 'classic'
		});
	} catch (error) {
		console.warn(
			'Service worker registration failed; the app works without offline reloads.',
			error
		);
		return;
	}
	if (navigator.serviceWorker.controller) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, timeoutMs);
		navigator.serviceWorker.addEventListener(
			'controllerchange',
			() => {
				clearTimeout(timer);
				resolve();
			},
			{ once: true }
		);
	});
}
