import { whenIdle, type IdleScheduler } from './idle-steps';

/** How long after a change the page says it has drawn it, at the latest. */
export const DRAWN_TIMEOUT_MS = 250;

/** What drawnSignal needs from the browser; tests pass their own. */
export interface DrawnDeps {
	idle: IdleScheduler;
	hidden: () => boolean;
}

const browserDeps: DrawnDeps = {
	idle: whenIdle,
	hidden: () => document.visibilityState === 'hidden'
};

/**
 * Returns a function to call once the page has applied a change: it calls `tell` when the
 * page has drawn it, in the next idle period (after the frame and the tasks it scheduled; at
 * the latest `timeoutMs` later), or at once while the page is out of view, where nothing is
 * drawn. Calls made while one waits share it.
 */
export function drawnSignal(
	tell: () => void,
	deps: DrawnDeps = browserDeps,
	timeoutMs = DRAWN_TIMEOUT_MS
): () => void {
	let waiting = false;
	return () => {
		if (deps.hidden()) {
			tell();
			return;
		}
		if (waiting) return;
		waiting = true;
		deps.idle(
			() => {
				waiting = false;
				tell();
			},
			{ timeout: timeoutMs }
		);
	};
}
