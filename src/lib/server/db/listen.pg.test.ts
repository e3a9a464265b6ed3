import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { notify } from './notify';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A listener that keeps what it heard. */
function heard() {
	const payloads: string[] = [];
	return { payloads, onPayload: (payload: string) => payloads.push(payload) };
}

describe.each(BACKENDS)('listen on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	it('hears a notification sent inside a transaction once the transaction commits', async () => {
		const { payloads, onPayload } = heard();
		const stop = await t.db.listen('test_commit', onPayload);
		await t.db.transaction(async (tx) => {
			await notify(tx, 'test_commit', 'inside');
			await sleep(150);
			expect(payloads).toEqual([]);
		});
		await expect.poll(() => payloads).toEqual(['inside']);
		await stop();
	});

	it('hears nothing of a transaction that rolls back', async () => {
		const { payloads, onPayload } = heard();
		const stop = await t.db.listen('test_rollback', onPayload);
		await expect(
			t.db.transaction(async (tx) => {
				await notify(tx, 'test_rollback', 'rolled back');
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		// Notifications arrive in commit order: once this one is heard, the other would have been.
		await notify(t.db, 'test_rollback', 'after');
		await expect.poll(() => payloads).toEqual(['after']);
		await stop();
	});

	it('hears only its own channel, payloads as sent', async () => {
		const { payloads, onPayload } = heard();
		const stop = await t.db.listen('test_own', onPayload);
		const payload = JSON.stringify({ u: 'ü', t: 'line\nbreak "quoted" 🙂' });
		await notify(t.db, 'test_other', 'not mine');
		await notify(t.db, 'test_own', payload);
		await notify(t.db, 'test_own', '');
		await expect.poll(() => payloads).toEqual([payload, '']);
		await stop();
	});

	it('stops one listener when it unlistens while another on the channel goes on', async () => {
		const first = heard();
		const second = heard();
		const stopFirst = await t.db.listen('test_unlisten', first.onPayload);
		const stopSecond = await t.db.listen('test_unlisten', second.onPayload);
		await notify(t.db, 'test_unlisten', 'one');
		await expect.poll(() => first.payloads).toEqual(['one']);
		await stopFirst();
		await notify(t.db, 'test_unlisten', 'two');
		await expect.poll(() => second.payloads).toEqual(['one', 'two']);
		await stopSecond();
		await notify(t.db, 'test_unlisten', 'three');
		const check = heard();
		const stopCheck = await t.db.listen('test_unlisten', check.onPayload);
		await notify(t.db, 'test_unlisten', 'four');
		await expect.poll(() => check.payloads).toEqual(['four']);
		expect(first.payloads).toEqual(['one']);
		expect(second.payloads).toEqual(['one', 'two']);
		await stopCheck();
	});

	it('keeps delivering to the other listeners when one throws', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { payloads, onPayload } = heard();
		const stopThrowing = await t.db.listen('test_throw', () => {
			throw new Error('listener bug');
		});
		const stop = await t.db.listen('test_throw', onPayload);
		await notify(t.db, 'test_throw', 'a');
		await notify(t.db, 'test_throw', 'b');
		await expect.poll(() => payloads).toEqual(['a', 'b']);
		expect(await t.db.query('select 1 as one')).toEqual([{ one: 1 }]);
		expect(logged).toHaveBeenCalledTimes(2);
		logged.mockRestore();
		await Promise.all([stop(), stopThrowing()]);
	});

	it.each(['Mixed_Case', 'has space', 'semi;colon', '', '1digit'])(
		'refuses the channel name %j',
		async (channel) => {
			await expect(t.db.listen(channel, () => {})).rejects.toThrow('not a channel name');
		}
	);
});

describe('listen on two PostgreSQL pools of one database', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase('postgres');
	});
	afterAll(() => t.close());

	it("hears the other pool's notifications, as every instance of a deployment does", async () => {
		const other = t.connect();
		const here = heard();
		const there = heard();
		const stops = await Promise.all([
			t.db.listen('test_pools', here.onPayload),
			other.listen('test_pools', there.onPayload)
		]);
		await t.db.transaction((tx) => notify(tx, 'test_pools', 'from one'));
		await notify(other, 'test_pools', 'from two');
		await expect.poll(() => here.payloads).toEqual(['from one', 'from two']);
		await expect.poll(() => there.payloads).toEqual(['from one', 'from two']);
		await Promise.all(stops.map((stop) => stop()));
	});
});
