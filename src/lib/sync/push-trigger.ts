/**
 * When a push goes, from the changes written: the number of pushes follows the changes, never
 * the triggers.
 *
 * - `now`, what the user sent: at once, so that a Send reaches the wire without waiting (a
 *   change written while a push is under way goes in the pass after it).
 * - `soon`, other changes of messages (a reply written, a deletion): at once when no push went
 *   in the last `windowMs`, else at the end of that window: a burst shares one batch.
 * - `quiet`, a change of sessions only (a title being edited): once no such change came for
 *   `quietMs`, unless a push carries it sooner.
 */
const read = (value: number | (() => number)) => (typeof value === 'number' ? value : value());

export class PushTrigger {
	#lastPush = Number.NEGATIVE_INFINITY;
	#messageDue: number | undefined;
	#quietDue: number | undefined;

	/** Each a number of ms, or a function read at every change (a pace that follows the network). */
	constructor(
		private readonly windowMs: number | (() => number) = 1_000,
		private readonly quietMs: number | (() => number) = 1_000
	) {}

	/** A change was written at `now`; returns the time the push carrying it should go. */
	change(kind: 'now' | 'soon' | 'quiet', now: number): number {
		if (kind === 'quiet') this.#quietDue = now + read(this.quietMs);
		else {
			const at = kind === 'now' ? now : Math.max(now, this.#lastPush + read(this.windowMs));
			this.#messageDue = Math.min(this.#messageDue ?? Infinity, at);
		}
		return this.due as number;
	}

	/** When the next push should go, or undefined when nothing waits. */
	get due(): number | undefined {
		const due = Math.min(this.#messageDue ?? Infinity, this.#quietDue ?? Infinity);
		return Number.isFinite(due) ? due : undefined;
	}

	/** The push went at `now`, carrying every change written so far. */
	fired(now: number): void {
		this.#lastPush = now;
		this.#messageDue = undefined;
		this.#quietDue = undefined;
	}
}
