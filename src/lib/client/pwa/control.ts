/** What the page knows of its service worker right after registering it. */
export interface ServiceWorkerState {
	/** The page already has a controller. */
	controlled: boolean;
	/** The registration, or undefined where a test harness stubs registration out. */
	registration?: Pick<ServiceWorkerRegistration, 'active' | 'installing' | 'waiting'> | undefined;
}

/**
 * Whether the page should wait for the service worker to take control before it starts the
 * sync worker: only on a first visit, while the worker that will claim the page installs. A
 * page that an active worker does not control (a reload that bypassed it) never gets a
 * controller, so waiting there only delays the app.
 */
export function awaitsControl({ controlled, registration }: ServiceWorkerState): boolean {
	if (controlled || !registration || registration.active) return false;
	return (registration.installing ?? registration.waiting) !== null;
}

/**
 * What the page does when its controller changes: nothing when it had none (the first version
 * claiming a first visit's page), reload when the user accepted the update, and otherwise
 * offer the reload (another tab accepted it, and this one runs old code under the new worker).
 * Decided from whether the page had a controller, not from workbox-window's guess of whose
 * version it is: a version found within a minute of a first visit's registration can pass for
 * the page's own.
 */
export function onControllerChange(
	hadController: boolean,
	updating: boolean
): 'nothing' | 'reload' | 'offer' {
	if (!hadController) return 'nothing';
	return updating ? 'reload' : 'offer';
}
