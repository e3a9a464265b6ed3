import { messageSW, Workbox } from 'workbox-window';
import { dev } from '$app/environment';
import {
	isPushReplayed,
	NO_BACKGROUND_SYNC_FLAG,
	type PageToServiceWorker,
	type PushReplayed
} from '$lib/sync/service-worker-messages';
import { awaitsControl, onControllerChange } from './control';
import { listenForInstall } from './install-prompt';
import { pwa } from './pwa-state.svelte';

/** How often the waiting version is asked again to take over, until it has. */
const SKIP_WAITING_RETRY_MS = 2_000;

let started: Promise<void> | undefined;
let workbox: Workbox | undefined;
const replayListeners = new Set<(message: PushReplayed) => void>();
const updateListeners = new Set<(updating: boolean) => Promise<void> | void>();
/**
 * How long the page waits for the new version to take over before it lets its own requests
 * go again: Chromium lets the version being replaced finish first, and a request that wakes
 * it after it was stopped for the hand-over holds the new version back until it idles again.
 */
const STAND_BY_MS = 10_000;

/**
 * Registers the service worker with workbox-window (once per page; later calls share the
 * first) and, on a first visit, waits until it controls the page (at most `timeoutMs`), so
 * that the sync worker started next is controlled too and its failed pushes are queued. A
 * page that an active service worker does not control (a reload that bypassed it) and a
 * browser that installs none start at once.
 */
export function registerServiceWorker(timeoutMs = 4000): Promise<void> {
	started ??= register(timeoutMs);
	return started;
}

/** The service worker's URL: flagged where the browser has no Background Sync. */
function scriptUrl(): string {
	return 'SyncManager' in window
		? '/service-worker.js'
		: `/service-worker.js?${NO_BACKGROUND_SYNC_FLAG}`;
}

async function register(timeoutMs: number): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	listenForInstall();
	// In `vite dev` the service worker is an ES module.
	const wb = new Workbox(scriptUrl(), { type: dev ? 'module' : 'classic' });
	workbox = wb;
	// workbox-window calls a version found after the first (or over a minute after
	// registering) "external"; `isUpdate`: the page had a controller when it registered.
	let installedOnce = false;
	wb.addEventListener('installed', (event) => {
		if (!event.isUpdate && !event.isExternal && !installedOnce) pwa.offlineReady = true;
		installedOnce = true;
	});
	// Found waiting at start-up too: a version installed while the app was closed.
	wb.addEventListener('waiting', () => (pwa.updateReady = true));
	let hadController = navigator.serviceWorker.controller !== null;
	wb.addEventListener('controlling', () => {
		const action = onControllerChange(hadController, pwa.updating);
		hadController = true;
		if (action === 'reload') location.reload();
		if (action === 'offer') pwa.updateReady = true;
	});
	navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
		if (!isPushReplayed(event.data)) return;
		for (const listener of replayListeners) listener(event.data);
	});
	let registration: ServiceWorkerRegistration | undefined;
	try {
		registration = await wb.register({ immediate: true });
	} catch (error) {
		console.warn(
			'Service worker registration failed; the app works without offline reloads.',
			error
		);
		return;
	}
	askServiceWorker({ type: 'FLUSH_PUSHES' });
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

/**
 * The user accepted the update: once the running version says no push is on its way, the
 * waiting one is told to take over, and the page reloads when it controls the page.
 */
export function applyUpdate(): void {
	pwa.updating = true;
	void (async () => {
		const registration = await navigator.serviceWorker?.getRegistration();
		// Nothing waits (another tab accepted it): only this page runs old code.
		if (!workbox || !registration?.waiting) return location.reload();
		// The page's own requests stop first (its sync), then the running version's pushes end.
		await tellUpdating(true);
		const quiet: PageToServiceWorker = { type: 'WHEN_QUIET' };
		if (registration.active) await messageSW(registration.active, quiet);
		// Slow to take over: the page syncs again while it waits on (it reloads when it has).
		setTimeout(() => void tellUpdating(false), STAND_BY_MS);
		// Asked again until it has taken over: Chromium can let a request that took over while
		// the running version still finished a push go unheeded.
		while (registration.waiting) {
			workbox?.messageSkipWaiting();
			await new Promise((resolve) => setTimeout(resolve, SKIP_WAITING_RETRY_MS));
		}
	})();
}

/**
 * Calls `listener` with `true` when the user accepted an update, before the running version
 * is asked to let the new one take over (awaited: the page stops its own requests), and with
 * `false` if the new version is slow to take over. Returns the unsubscribe.
 */
export function onUpdating(listener: (updating: boolean) => Promise<void> | void): () => void {
	updateListeners.add(listener);
	return () => updateListeners.delete(listener);
}

async function tellUpdating(updating: boolean): Promise<void> {
	// A listener that fails does not hold the update back.
	await Promise.all(
		[...updateListeners].map(async (listener) => {
			try {
				await listener(updating);
			} catch (error) {
				console.warn('A listener to the update failed.', error);
			}
		})
	);
}

/** Posts `message` to the active service worker, if there is one. */
export function askServiceWorker(message: PageToServiceWorker): void {
	void navigator.serviceWorker?.ready.then((registration) =>
		registration.active?.postMessage(message)
	);
}

/** Calls `listener` with what the service worker replayed; returns the unsubscribe. */
export function onPushReplayed(listener: (message: PushReplayed) => void): () => void {
	replayListeners.add(listener);
	return () => replayListeners.delete(listener);
}
