import { readNotification, type LiveChannel, type LiveEvent } from './notifications';

/** Live event streams one user may have open at once on one instance. */
export const MAX_STREAMS_PER_USER = 6;

/** One open stream, as the hub sees it. Neither method may throw. */
export interface Subscriber {
	/** Takes an event for the stream (which may drop a `reply` piece it has no room for). */
	send(event: LiveEvent): void;
	/** Ends the stream; it leaves the hub. */
	close(): void;
}

/** How a hub is set up. */
export interface EventHubOptions {
	maxPerUser?: number;
	/** Where the first malformed payload of each channel is reported. */
	log?: (message: string) => void;
}

/**
 * The open streams of this instance by user, and the fan-out of notifications to them. It does
 * no I/O: notifications are handed to `receive`, and the streams do their own writing.
 */
export class EventHub {
	readonly #byUser = new Map<string, Set<Subscriber>>();
	readonly #reported = new Set<LiveChannel>();
	readonly #max: number;
	readonly #log: (message: string) => void;

	constructor(options: EventHubOptions = {}) {
		this.#max = options.maxPerUser ?? MAX_STREAMS_PER_USER;
		this.#log = options.log ?? console.warn;
	}

	/**
	 * Adds a stream of `userId`, and returns the function that removes it (idempotent); undefined
	 * when the user already has the most streams allowed.
	 */
	subscribe(userId: string, subscriber: Subscriber): (() => void) | undefined {
		let streams = this.#byUser.get(userId);
		if ((streams?.size ?? 0) >= this.#max) return undefined;
		if (!streams) {
			streams = new Set();
			this.#byUser.set(userId, streams);
		}
		streams.add(subscriber);
		return () => {
			const current = this.#byUser.get(userId);
			if (!current?.delete(subscriber)) return;
			if (current.size === 0) this.#byUser.delete(userId);
		};
	}

	/** The streams `userId` has open. */
	count(userId: string): number {
		return this.#byUser.get(userId)?.size ?? 0;
	}

	/** The streams open on this instance. */
	get size(): number {
		let total = 0;
		for (const streams of this.#byUser.values()) total += streams.size;
		return total;
	}

	/** The users with a stream open. */
	users(): string[] {
		return [...this.#byUser.keys()];
	}

	/**
	 * Hands a notification's payload to the streams of the user it names. A malformed payload
	 * is dropped; the first one of each channel is logged.
	 */
	receive(channel: LiveChannel, payload: string): void {
		const addressed = readNotification(channel, payload);
		if (!addressed) {
			if (!this.#reported.has(channel)) {
				this.#reported.add(channel);
				this.#log(
					`Live events: ignoring a malformed ${channel} notification (only the first is logged): ${payload.slice(0, 200)}`
				);
			}
			return;
		}
		this.publish(addressed.userId, addressed.event);
	}

	/** Sends `event` to every stream of `userId`. */
	publish(userId: string, event: LiveEvent): void {
		const streams = this.#byUser.get(userId);
		if (!streams) return;
		// A copy: a stream may close, and leave the set, while it takes the event.
		for (const stream of [...streams]) stream.send(event);
	}

	/** Ends every stream (the instance is stopping). */
	closeAll(): void {
		for (const streams of [...this.#byUser.values()]) {
			for (const stream of [...streams]) stream.close();
		}
	}
}
