const KEY = 'outpost.welcomed';

/** Whether this device showed the first-run welcome and the user moved on from it. */
export function loadWelcomed(): boolean {
	try {
		return localStorage.getItem(KEY) === '1';
	} catch {
		return true;
	}
}

/** Remembers that the welcome was seen: it does not show again on this device. */
export function saveWelcomed(): void {
	try {
		localStorage.setItem(KEY, '1');
	} catch {
		// Storage refused: the welcome may show again next time, which does no harm.
	}
}
