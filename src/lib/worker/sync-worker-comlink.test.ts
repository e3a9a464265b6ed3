import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { messageData, sessionData } from '../../../tests/support/record-data';
import { memoryJournal } from './memory-journal';
import { SyncWorkerService } from './sync-worker-service';
import type { ChangeNotice, SyncWorkerApi } from './sync-worker-api';
import type { Transport } from './transport';

const USER = '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11';
const SESSION = sessionData('s1', { title: 'Trip' });
const message = (content: string) => messageData('m', 's1', { content });

/** A server that cannot be reached: the boundary, not sync, is under test. */
const unreachable: Transport = {
	push: async () => ({ status: 0, retryAfter: null, body: null }),
	pull: async () => ({ status: 0, retryAfter: null, body: null })
};

const channels: MessageChannel[] = [];
afterEach(() => {
	for (const { port1, port2 } of channels.splice(0)) {
		port1.close();
		port2.close();
	}
});

/** The worker service exposed on one end of a MessageChannel, the page's proxy on the other. */
function overChannel(): Comlink.Remote<SyncWorkerApi> {
	const service = new SyncWorkerService({
		openJournal: async () => memoryJournal(),
		deleteJournal: async () => undefined,
		transport: () => unreachable,
		clock: {
			setTimeout: (fn, ms) => setTimeout(fn, ms),
			clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
		},
		newId: () => crypto.randomUUID(),
		now: () => Date.now(),
		pushWindowMs: 60_000,
		quietMs: 60_000
	});
	const channel = new MessageChannel();
	channels.push(channel);
	Comlink.expose(service, channel.port1);
	return Comlink.wrap<SyncWorkerApi>(channel.port2);
}

/** Resolves with the first notice that `accept` takes. */
function nextNotice(
	api: Comlink.Remote<SyncWorkerApi>,
	accept: (notice: ChangeNotice) => boolean
): Promise<ChangeNotice> {
	return new Promise((resolve) => {
		void api.subscribe(Comlink.proxy((notice: ChangeNotice) => accept(notice) && resolve(notice)));
	});
}

describe('the sync worker API over a MessageChannel', () => {
	it('round-trips calls and their plain answers', async () => {
		const api = overChannel();
		await api.setOnline(false);
		await api.open(USER, 'http://outpost.test');
		await api.save([
			{ type: 'session', id: 's1', data: SESSION },
			{ type: 'message', id: 'm1', data: message('hello') },
			{ type: 'message', id: 'm2', data: message('there') }
		]);
		expect(await api.sessions()).toEqual([
			{
				id: 's1',
				...SESSION,
				lastActivityAt: message('there').updatedAt,
				empty: false,
				synced: false
			}
		]);
		const found = await api.search('THERE');
		expect(found.hits).toMatchObject([
			{ sessionId: 's1', messageId: 'm2', snippet: [{ text: 'there', match: true }] }
		]);
		const window = await api.messageWindow('s1', 1);
		expect(window.hasOlder).toBe(true);
		expect(window.messages.map((m) => m.content)).toEqual(['there']);
		const [m1] = await api.messagesByIds('s1', ['m1']);
		expect(m1).toEqual({ id: 'm1', ...message('hello'), synced: false, rejected: null });
		expect(await api.status()).toMatchObject({ pending: 3, online: false });
		await api.close();
	});

	it('tells a subscribed page proxy which records changed', async () => {
		const api = overChannel();
		await api.setOnline(false);
		await api.open(USER, 'http://outpost.test');
		const told = nextNotice(api, (notice) => notice.messages.length > 0);
		await api.save([
			{ type: 'session', id: 's1', data: SESSION },
			{ type: 'message', id: 'm1', data: message('hello') }
		]);
		expect(await told).toEqual({
			sessions: ['s1'],
			messages: [{ sessionId: 's1', ids: ['m1'] }],
			status: true
		});
		await api.close();
	});

	it('rejects a call made before open with an Error the page can read', async () => {
		const api = overChannel();
		const failed = api.sessions();
		await expect(failed).rejects.toBeInstanceOf(Error);
		await expect(failed).rejects.toThrow('the journal is not open: sign in first');
	});

	it('rejects a save into a deleted session with an Error the page can read', async () => {
		const api = overChannel();
		await api.setOnline(false);
		await api.open(USER, 'http://outpost.test');
		await api.saveSession('s1', SESSION);
		await api.saveMessage('m1', message('hello'));
		await api.deleteSession('s1');
		await expect(api.saveMessage('m1', message('again'))).rejects.toThrow('message m1 was deleted');
		const error = await api.saveSession('s1', SESSION).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error).toMatchObject({ name: 'Error', message: 'session s1 was deleted' });
		await api.close();
	});
});
