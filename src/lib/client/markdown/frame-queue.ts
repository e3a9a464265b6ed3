/**
 * Rendering work spread over animation frames: each frame runs queued jobs, oldest first, until
 * FRAME_BUDGET_MS is spent, and leaves the rest for the next frame, so that many messages
 * rendered at once (a chat opening) or one long one never make a long main-thread task. Work
 * that fits may also run at once (runFrameJob), in the task that asked for it: the messages a
 * chat shows then appear rendered in the frame that shows them, laid out once.
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

/** Time spent by runFrameJob in the current task (ms). */
let spentNow = 0;
const endOfTask = new MessageChannel();
endOfTask.port1.onmessage = () => {
	spentNow = 0;
};

/**
 * Runs `job` now, in this task, if this task has not spent FRAME_BUDGET_MS on jobs yet, and
 * queues what it leaves for coming frames (all of it, in a hidden page).
 */
export function runFrameJob(job: FrameJob): void {
	if (spentNow >= FRAME_BUDGET_MS || document.visibilityState === 'hidden') {
		scheduleFrameJob(job);
		return;
	}
	if (spentNow === 0) endOfTask.port2.postMessage(null);
	const began = performance.now();
	queue.delete(job);
	let done = true;
	try {
		done = job(began + FRAME_BUDGET_MS - spentNow);
	} catch (error) {
		console.error(error);
	}
	spentNow += Math.max(performance.now() - began, 0.01);
	if (!done) scheduleFrameJob(job);
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
