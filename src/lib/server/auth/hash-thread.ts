import type { ScryptOptions } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** The nice value of the hashing thread: the lowest priority, so it only takes idle CPU. */
export const HASH_THREAD_NICE = 19;

// The thread's code, run with `eval` so that it needs no file of its own in the build. On Linux
// a nice value set with setpriority(0) is the calling thread's alone.
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
try { require('node:os').setPriority(0, ${HASH_THREAD_NICE}); } catch {}
parentPort.on('message', ({ id, password, salt, keyLength, options }) => {
	try {
		const key = scryptSync(password, salt, keyLength, options);
		parentPort.postMessage({ id, key });
	} catch (error) {
		parentPort.postMessage({ id, error: String(error && error.message || error) });
	}
});
`;

interface Pending {
	resolve(key: Buffer): void;
	reject(error: Error): void;
}

/**
 * Derives scrypt keys on a thread of its own at the lowest CPU priority, so that password
 * hashing (tens of milliseconds of a core each) takes only what other requests leave: on a
 * machine with two cores, sign-ups and sign-ins at full speed would otherwise take one of them
 * from every other request. A thread that dies fails what it held and is started again on the
 * next call.
 */
export class HashThread {
	#worker: Worker | undefined;
	#nextId = 0;
	readonly #pending = new Map<number, Pending>();

	/** scrypt of `password` and `salt`, as node:crypto's scrypt gives it. */
	derive(
		password: string,
		salt: Buffer,
		keyLength: number,
		options: ScryptOptions
	): Promise<Buffer> {
		const worker = this.#started();
		const id = this.#nextId++;
		return new Promise<Buffer>((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			worker.ref();
			worker.postMessage({ id, password, salt, keyLength, options });
		});
	}

	/** Stops the thread (what it held fails). */
	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = undefined;
		await worker?.terminate();
	}

	#started(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(THREAD_SOURCE, { eval: true });
		worker.unref();
		worker.on('message', (message: { id: number; key?: Uint8Array; error?: string }) => {
			const pending = this.#pending.get(message.id);
			this.#pending.delete(message.id);
			if (this.#pending.size === 0) worker.unref();
			if (!pending) return;
			if (message.key) pending.resolve(Buffer.from(message.key));
			else pending.reject(new Error(message.error ?? 'hashing failed'));
		});
		const fail = (error: Error) => {
			if (this.#worker === worker) this.#worker = undefined;
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`the hashing thread stopped (${code})`)));
		this.#worker = worker;
		return worker;
	}
}
