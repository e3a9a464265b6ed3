/**
 * The part of the Web Locks API the tabs use: an exclusive lock, held until the promise the
 * callback returns settles, granted to waiters in the order they asked. `navigator.locks` (in
 * a dedicated worker too) is one; `memoryLocks()` is another, for tests. The browser releases
 * a lock whose worker or tab is gone.
 */
export interface TabLocks {
	request(
		name: string,
		options: { signal: AbortSignal },
		callback: () => Promise<void>
	): Promise<unknown>;
}

/** A lock asked for with `holdLock`. */
export interface LockHold {
	/** Lets go of the lock, or withdraws the request when it was not granted yet. */
	release(): void;
}

/**
 * Asks for the exclusive lock `name` and holds it until `release()`. `onAcquired` runs once
 * when the lock is granted, and never when `release()` came first.
 */
export function holdLock(locks: TabLocks, name: string, onAcquired: () => void): LockHold {
	const withdraw = new AbortController();
	let released = false;
	let letGo = () => {};
	const done = new Promise<void>((resolve) => (letGo = resolve));
	locks
		.request(name, { signal: withdraw.signal }, async () => {
			if (released) return;
			onAcquired();
			await done;
		})
		// Rejected with an AbortError when the request is withdrawn before the grant.
		.catch(() => {});
	return {
		release() {
			released = true;
			withdraw.abort();
			letGo();
		}
	};
}

interface Waiter {
	callback: () => Promise<void>;
	resolve: (value: unknown) => void;
	reject: (reason: unknown) => void;
}

/**
 * Exclusive locks within one realm, granted in request order as Web Locks are: for tests and
 * for a browser without `navigator.locks`, where every worker then leads alone.
 */
export function memoryLocks(): TabLocks {
	const queues = new Map<string, Waiter[]>();
	const held = new Set<string>();

	function grantNext(name: string): void {
		if (held.has(name)) return;
		const next = queues.get(name)?.shift();
		if (!next) return;
		held.add(name);
		// Granted asynchronously, as the browser does, never inside request().
		queueMicrotask(() => {
			next
				.callback()
				.then(next.resolve, next.reject)
				.finally(() => {
					held.delete(name);
					grantNext(name);
				});
		});
	}

	return {
		request(name, { signal }, callback) {
			return new Promise((resolve, reject) => {
				if (signal.aborted) {
					reject(new DOMException('The request was aborted.', 'AbortError'));
					return;
				}
				const waiter: Waiter = { callback, resolve, reject };
				const queue = queues.get(name) ?? [];
				queues.set(name, [...queue, waiter]);
				signal.addEventListener('abort', () => {
					const waiting = queues.get(name) ?? [];
					if (!waiting.includes(waiter)) return;
					queues.set(
						name,
						waiting.filter((w) => w !== waiter)
					);
					reject(new DOMException('The request was aborted.', 'AbortError'));
				});
				grantNext(name);
			});
		}
	};
}
