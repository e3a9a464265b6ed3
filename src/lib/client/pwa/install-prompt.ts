import { pwa } from './pwa-state.svelte';

/** Chromium's install prompt event (not in TypeScript's DOM library). */
interface InstallPromptEvent extends Event {
	prompt(): Promise<void>;
}

let offered: InstallPromptEvent | null = null;

/**
 * Keeps the browser's offer to install the app for the Install button, and hides the button
 * once the app is installed (or runs installed already).
 */
export function listenForInstall(): void {
	if (matchMedia('(display-mode: standalone)').matches) return;
	addEventListener('beforeinstallprompt', (event) => {
		event.preventDefault();
		offered = event as InstallPromptEvent;
		pwa.canInstall = true;
	});
	addEventListener('appinstalled', () => {
		offered = null;
		pwa.canInstall = false;
	});
}

/** Shows the browser's install dialog; the button goes whatever the user answers. */
export async function installApp(): Promise<void> {
	const event = offered;
	if (!event) return;
	offered = null;
	pwa.canInstall = false;
	// Dismissed, the browser offers again later (a new `beforeinstallprompt`).
	await event.prompt();
}
