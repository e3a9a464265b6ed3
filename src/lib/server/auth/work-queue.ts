import { BusyError } from '../http/busy';

/**
 * Runs at most `concurrency` pieces of work at once and queues up to `maxWaiting` more; past
 * that, `run` throws BusyError at once (answered as 429). Password hashing goes through one,
 * so that a flood of sign-ins cannot fill Node's thread pool, which every request's token
 * check and file read also need.
 */
export class WorkQueue {
	#running = 0;
	readonly #waiting: (() => void)[] = [];

	constructor(
		private readonly what: string,
		private readonly concurrency: number,
		private readonly maxWaiting: number
	) {}

	/** Runs `work` when a place is free. */
	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.#running >= this.concurrency) {
			if (this.#waiting.length >= this.maxWaiting) throw new BusyError(this.what);
			await new Promise<void>((resolve) => this.#waiting.push(resolve));
		} else {
			this.#running++;
		}
		try {
			return await work();
		} finally {
			const next = this.#waiting.shift();
			// The place passes straight to the next in line; otherwise it is freed.
			if (next) next();
			else this.#running--;
		}
	}

	/** Work running and waiting now. */
	get load(): { running: number; waiting: number } {
		return { running: this.#running, waiting: this.#waiting.length };
	}
}
