import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	MAX_WAITING_NOTICES,
	NOTICE_INTERVAL_MS,
	NOTICES_PER_STATEMENT,
	NoticeSender
} from './change-notices';

/** A send that holds each statement until `release` is called. */
function heldSend() {
	const sent: string[][] = [];
	const releases: (() => void)[] = [];
	const send = (payloads: string[]) => {
		sent.push(payloads);
		return new Promise<void>((resolve) => releases.push(resolve));
	};
	const release = () => releases.shift()?.();
	return { sent, send, release };
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('NoticeSender', () => {
	it('sends the notices of one turn together, and those that come meanwhile in the next statement', async () => {
		const { sent, send, release } = heldSend();
		const sender = new NoticeSender(send);
		sender.announce('a');
		sender.announce('b');
		await vi.waitFor(() => expect(sent).toEqual([['a', 'b']]));
		sender.announce('c');
		sender.announce('d');
		sender.announce('c');
		// Nothing more goes out while the first statement is in flight.
		await new Promise((resolve) => setImmediate(resolve));
		expect(sent).toHaveLength(1);
		release();
		await vi.waitFor(() =>
			expect(sent).toEqual([
				['a', 'b'],
				['c', 'd']
			])
		);
		release();
		await sender.settled();
		sender.announce('e');
		await vi.waitFor(() => expect(sent.at(-1)).toEqual(['e']));
		release();
		await sender.settled();
	});

	it('starts statements at least NOTICE_INTERVAL_MS apart', async () => {
		const starts: number[] = [];
		const sender = new NoticeSender(async () => void starts.push(performance.now()));
		sender.announce('a');
		await vi.waitFor(() => expect(starts).toHaveLength(1));
		sender.announce('b');
		sender.announce('c');
		await sender.settled();
		expect(starts).toHaveLength(2);
		expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(NOTICE_INTERVAL_MS - 1);
	});

	it('splits a long wait into statements of at most NOTICES_PER_STATEMENT', async () => {
		const sent: number[] = [];
		const sender = new NoticeSender(async (payloads) => void sent.push(payloads.length));
		for (let i = 0; i < NOTICES_PER_STATEMENT + 3; i++) sender.announce(`n${i}`);
		await sender.settled();
		expect(sent).toEqual([NOTICES_PER_STATEMENT, 3]);
	});

	it('logs a statement that failed and sends the next notices all the same', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const sent: string[][] = [];
		let fail = true;
		const sender = new NoticeSender(async (payloads) => {
			if (fail) {
				fail = false;
				throw new Error('connection lost');
			}
			sent.push(payloads);
		});
		sender.announce('lost');
		await sender.settled();
		sender.announce('next');
		await sender.settled();
		expect(sent).toEqual([['next']]);
		expect(logged).toHaveBeenCalledWith('Sending change notifications failed', expect.any(Error));
	});

	it('drops notices past MAX_WAITING_NOTICES while a statement hangs, and says how many', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		let open = () => {};
		const gate = new Promise<void>((resolve) => (open = resolve));
		const sent: string[][] = [];
		const sender = new NoticeSender(async (payloads) => {
			sent.push(payloads);
			if (sent.length === 1) await gate;
		});
		sender.announce('first');
		await vi.waitFor(() => expect(sent).toHaveLength(1));
		for (let i = 0; i < MAX_WAITING_NOTICES + 5; i++) sender.announce(`n${i}`);
		open();
		await sender.settled();
		const count = sent.slice(1).reduce((sum, payloads) => sum + payloads.length, 0);
		expect(count).toBe(MAX_WAITING_NOTICES);
		expect(logged).toHaveBeenCalledWith('5 change notifications dropped: too many waiting');
	});
});
