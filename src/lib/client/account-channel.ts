import { accountEvent, type AccountEvent } from '$lib/sync/account-event';

/** The BroadcastChannel name, and the localStorage key of the fallback. */
export const ACCOUNT_CHANNEL = 'outpost.account';

/** How a tab tells the other tabs of this browser about sign-in and sign-out. */
export interface AccountChannel {
	/** Tells every other tab (never this one). */
	announce(event: AccountEvent): void;
	close(): void;
}

/** What the channel uses of the browser; injected so that tests run without one. */
export interface ChannelEnv {
	BroadcastChannel?: typeof BroadcastChannel | undefined;
	storage?: Pick<Storage, 'setItem'> | undefined;
	/** Where `storage` events arrive (the window). */
	events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined;
}

function browserEnv(): ChannelEnv {
	return {
		BroadcastChannel: globalThis.BroadcastChannel,
		storage: globalThis.localStorage,
		events: globalThis.window
	};
}

/**
 * Opens the account channel: a BroadcastChannel, or where there is none the `storage` event
 * of a localStorage key (which fires in every other tab of the origin when the value
 * changes, hence the nonce). `listener` gets each well-formed event another tab announces.
 */
export function openAccountChannel(
	listener: (event: AccountEvent) => void,
	env: ChannelEnv = browserEnv()
): AccountChannel {
	const deliver = (value: unknown) => {
		const parsed = accountEvent.safeParse(value);
		if (parsed.success) listener(parsed.data);
	};
	if (env.BroadcastChannel) {
		const channel = new env.BroadcastChannel(ACCOUNT_CHANNEL);
		channel.onmessage = (message: MessageEvent) => deliver(message.data);
		return {
			announce: (event) => channel.postMessage(event),
			close: () => channel.close()
		};
	}
	const { storage, events } = env;
	const onStorage = (event: Event) => {
		const { key, newValue } = event as StorageEvent;
		if (key !== ACCOUNT_CHANNEL || !newValue) return;
		try {
			deliver(JSON.parse(newValue));
		} catch {
			// Not ours to read: ignore.
		}
	};
	events?.addEventListener('storage', onStorage);
	return {
		announce(event) {
			try {
				storage?.setItem(ACCOUNT_CHANNEL, JSON.stringify({ ...event, nonce: Math.random() }));
			} catch {
				// Storage full or blocked: the server's 409 still stops a stale tab.
			}
		},
		close: () => events?.removeEventListener('storage', onStorage)
	};
}
