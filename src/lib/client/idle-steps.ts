/** Asks for `callback` in an idle period, at the latest after `timeout` ms (requestIdleCallback). */
export type IdleScheduler = (callback: () => void, options: { timeout: number }) => unknown;

/** The browser's requestIdleCallback; a browser without it runs `callback` in the next task. */
export const whenIdle: IdleScheduler = (callback, options) =>
	typeof requestIdleCallback === 'function'
		? requestIdleCallback(callback, options)
		: setTimeout(callback, 0);

/**
 * Runs `steps` in order, each in an idle period of its own (at the latest `timeoutMs` after the
 * step before it), so that work split into steps never makes one long task.
 */
export function runWhenIdle(
	steps: readonly (() => void)[],
	timeoutMs = 2000,
	schedule: IdleScheduler = whenIdle
): void {
	const [step, ...rest] = steps;
	if (!step) return;
	schedule(
		() => {
			try {
				step();
			} finally {
				runWhenIdle(rest, timeoutMs, schedule);
			}
		},
		{ timeout: timeoutMs }
	);
}
