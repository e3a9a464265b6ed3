import { user, type User } from '$lib/protocol/auth';

const KEY = 'outpost.lastUser';

/** The user last signed in on this device, so that the app opens their chats offline. */
export function loadLastUser(): User | null {
	try {
		const parsed = user.safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/** Remembers (or, with null, forgets) the signed-in user. */
export function saveLastUser(value: User | null): void {
	if (value) localStorage.setItem(KEY, JSON.stringify(value));
	else localStorage.removeItem(KEY);
}
