import { dev } from '$app/environment';
import { awaitsControl } from './service-worker-control';

/**
 * Registers the service worker and, on a first visit, waits until it controls the page (at
 * most `timeoutMs`), so that the sync worker started next is controlled too and its failed
 * pushes are queued for Background Sync. A page that an active service worker does not
 * control (a reload that bypassed it) and a browser that installs none start at once.
 */
export async function registerServiceWorker(timeoutMs = 4000): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	// Undefined where a test harness stubs registration out.
	let registration: ServiceWorkerRegistration | undefined;
	try {
		// In `vite dev` the service worker is an ES module.
		registration = await navigator.serviceWorker.register('/service-worker.js', {
			type: dev ? 'module' : 'classic'
		});
	} catch (error) {
		console.warn(
			'Service worker registration failed; the app works without offline reloads.',
			error
		);
		return;
	}
	if (!awaitsControl({ controlled: navigator.serviceWorker.controller !== null, registration }))
		return;
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
