/** A timer that fires when nothing has happened for a while. */
export interface IdleTimer {
	/** Starts the wait again from now. */
	reset(): void;
	/** Stops waiting until the next `reset` (idempotent). */
	stop(): void;
}

/**
 * Calls `onIdle` once `ms` pass without a `reset`. It starts running at once, and does not
 * keep the process alive.
 */
export function idleTimer(ms: number, onIdle: () => void): IdleTimer {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const idle: IdleTimer = {
		reset() {
			idle.stop();
			timer = setTimeout(onIdle, ms);
			timer.unref?.();
		},
		stop() {
			if (timer !== undefined) clearTimeout(timer);
			timer = undefined;
		}
	};
	idle.reset();
	return idle;
}
