import { tabMessage, type TabMessage } from './tab-message';

/** One tab's end of the channel the sync workers of an account's tabs share. */
export interface TabChannel {
	/** Tells every other tab's end of the channel (never this one). */
	post(message: TabMessage): void;
	/** Stops sending and hearing; posting afterwards does nothing. */
	close(): void;
}

/** Opens this tab's end of channel `name`; `listener` gets each well-formed message. */
export type OpenTabChannel = (name: string, listener: (message: TabMessage) => void) => TabChannel;

/** Hands `listener` a value another tab sent when it is a tab message; drops anything else. */
function deliverTo(listener: (message: TabMessage) => void): (value: unknown) => void {
	return (value) => {
		const parsed = tabMessage.safeParse(value);
		if (parsed.success) listener(parsed.data);
	};
}

/** Tab channels over the browser's BroadcastChannel (in a dedicated worker too). */
export function broadcastTabChannels(
	Channel: typeof BroadcastChannel = globalThis.BroadcastChannel
): OpenTabChannel {
	return (name, listener) => {
		const channel = new Channel(name);
		const deliver = deliverTo(listener);
		channel.onmessage = (event: MessageEvent) => deliver(event.data);
		let open = true;
		return {
			post(message) {
				if (open) channel.postMessage(message);
			},
			close() {
				open = false;
				channel.close();
			}
		};
	};
}

/**
 * Tab channels within one realm, delivered as BroadcastChannel does: asynchronously, as a
 * structured clone, in the order sent, to every other open end of the same name. For tests,
 * and for a browser without BroadcastChannel (where every tab is then alone).
 */
export function memoryTabChannels(): OpenTabChannel {
	const ends = new Map<string, Set<(value: unknown) => void>>();
	return (name, listener) => {
		const members = ends.get(name) ?? new Set();
		ends.set(name, members);
		const deliver = deliverTo(listener);
		let open = true;
		const receive = (value: unknown) => {
			if (open) deliver(value);
		};
		members.add(receive);
		return {
			post(message) {
				if (!open) return;
				for (const member of members) {
					if (member === receive) continue;
					const value = structuredClone(message);
					queueMicrotask(() => member(value));
				}
			},
			close() {
				open = false;
				members.delete(receive);
			}
		};
	};
}
