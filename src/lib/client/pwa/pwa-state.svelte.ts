/** What the page shows of the service worker and of installing the app. */
class PwaState {
	/** A new version is installed and waits for the user to accept it. */
	updateReady = $state(false);
	/** The user accepted the update: the page reloads once the new version controls it. */
	updating = $state(false);
	/** The app shell was cached for the first time: the app now opens offline. */
	offlineReady = $state(false);
	/** The browser offers to install the app (`beforeinstallprompt`), and it is not installed. */
	canInstall = $state(false);
}

/** One per page: the registration writes it, the notices and the menu read it. */
export const pwa = new PwaState();
