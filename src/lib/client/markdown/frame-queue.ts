/**
 * Rendering work spread over animation frames: each frame runs queued jobs, oldest first, until
 * FRAME_BUDGET_MS is spent, and leaves the rest for the next frame, so that many messages
 * rendered at once (a chat opening) or one long one never make a long main-thread task.
 */

/**
 * A piece of rendering work: does some of it, at least one step, stopping once
 * `performance.now()` passes `deadline`; returns true when nothing is left.
 */
export type FrameJob = (deadline: number) => boolean;

/** Milliseconds of rendering per frame: half a 60 Hz frame, the rest is left for layout and paint. */
export const FRAME_BUDGET_MS = 8;

const queue = new Set<FrameJob>();
let planned = false;

/** Runs `job` in a coming frame (before its paint); queuing it again while it waits changes nothing. */
export function scheduleFrameJob(job: FrameJob): void {
	queue.add(job);
	plan();
}

/** Takes `job` off the queue if it waits there. */
export function cancelFrameJob(job: FrameJob): void {
	queue.delete(job);
}

function plan(): void {
	if (planned || queue.size === 0) return;
	planned = true;
	// A hidden page gets no animation frames: work on by timer, so that its text is current when
	// it is shown again (or read by another tab's test).
	if (document.visibilityState === 'hidden') setTimeout(run, 16);
	else requestAnimationFrame(run);
}

function run(): void {
	planned = false;
	const deadline = performance.now() + FRAME_BUDGET_MS;
	for (const job of [...queue]) {
		if (performance.now() >= deadline) break;
		queue.delete(job);
		let done = true;
		try {
			done = job(deadline);
		} catch (error) {
			// One message that fails to render must not stop the others.
			console.error(error);
		}
		// A job not finished runs on next frame.
		if (!done) queue.add(job);
	}
	plan();
}
