const KEY = 'outpost.guestChats';

/** Whether this device last chatted without an account, so that the app reopens those chats. */
export function loadGuestMode(): boolean {
	try {
		return localStorage.getItem(KEY) === '1';
	} catch {
		return false;
	}
}

/** Remembers whether the device chats without an account. */
export function saveGuestMode(on: boolean): void {
	if (on) localStorage.setItem(KEY, '1');
	else localStorage.removeItem(KEY);
}
