import { afterEach, describe, expect, it } from 'vitest';
import {
	broadcastTabChannels,
	memoryTabChannels,
	type OpenTabChannel,
	type TabChannel
} from './tab-channel';
import type { TabMessage } from './tab-message';

/** Waits until `heard` holds `count` messages (deliveries are asynchronous), or fails. */
async function heardSoon(heard: unknown[], count: number): Promise<void> {
	for (let i = 0; i < 40 && heard.length < count; i++) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	// A moment more, so that an extra delivery would show too.
	await new Promise((resolve) => setTimeout(resolve, 20));
}

const NOTICE = { sessions: ['s1'], messages: [{ sessionId: 's1', ids: ['m1'] }], status: true };

// One contract for both: the browser's channel (Node's own BroadcastChannel here) and the
// in-memory one the unit tests use.
describe.each([
	['BroadcastChannel', () => broadcastTabChannels(globalThis.BroadcastChannel)],
	['memory', () => memoryTabChannels()]
] as [string, () => OpenTabChannel][])('tab channels over %s', (_name, channels) => {
	const opened: TabChannel[] = [];
	let open: OpenTabChannel;
	const tab = (name: string) => {
		const heard: TabMessage[] = [];
		const channel = open(name, (message) => heard.push(message));
		opened.push(channel);
		return { channel, heard };
	};

	afterEach(() => {
		for (const channel of opened.splice(0)) channel.close();
	});

	it('delivers each message, in order, to every other tab of the name and never back', async () => {
		open = channels();
		const a = tab('outpost.sync.u1');
		const b = tab('outpost.sync.u1');
		const c = tab('outpost.sync.u1');
		const other = tab('outpost.sync.u2');
		a.channel.post({ type: 'wrote', notice: NOTICE, push: 'now' });
		a.channel.post({ type: 'state', state: 'running' });
		await heardSoon(c.heard, 2);

		const sent = [
			{ type: 'wrote', notice: NOTICE, push: 'now' },
			{ type: 'state', state: 'running' }
		];
		expect(b.heard).toEqual(sent);
		expect(c.heard).toEqual(sent);
		expect(a.heard).toEqual([]);
		expect(other.heard).toEqual([]);
	});

	it('drops what is not a tab message, as a tab of another version may send', async () => {
		open = channels();
		const a = tab('outpost.sync.u1');
		const b = tab('outpost.sync.u1');
		const post = (value: unknown) => a.channel.post(value as TabMessage);
		post({ type: 'state', state: 'sleeping' });
		post({ type: 'reload-everything' });
		post('wrote');
		post({ type: 'sync-done', requestId: 'r1' });
		await heardSoon(b.heard, 1);
		expect(b.heard).toEqual([{ type: 'sync-done', requestId: 'r1' }]);
	});

	it('neither sends nor hears once closed', async () => {
		open = channels();
		const a = tab('outpost.sync.u1');
		const b = tab('outpost.sync.u1');
		const c = tab('outpost.sync.u1');
		b.channel.close();
		a.channel.post({ type: 'hello' });
		await heardSoon(c.heard, 1);
		a.channel.close();
		a.channel.post({ type: 'sync-now', requestId: 'after-close' });
		await heardSoon(c.heard, 2);
		expect(c.heard).toEqual([{ type: 'hello' }]);
		expect(b.heard).toEqual([]);
	});
});
