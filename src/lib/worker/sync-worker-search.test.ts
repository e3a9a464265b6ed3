import { describe, expect, it, vi } from 'vitest';
import { messageData, sessionData } from '../../../tests/support/record-data';
import { memoryWorkerDeps } from '../../../tests/support/worker-deps';
import type { Journal } from './journal';
import { SyncWorkerService } from './sync-worker-service';
import type { Transport } from './transport';

const NO_SERVER = {} as Transport;

async function guestService() {
	const service = new SyncWorkerService(
		memoryWorkerDeps(new Map<string, Journal>(), { transport: () => NO_SERVER })
	);
	await service.openGuest();
	return service;
}

describe('SyncWorkerService search', () => {
	it("finds a chat's title and its messages' words, and never a deleted chat's", async () => {
		const service = await guestService();
		await service.save([
			{ type: 'session', id: 's1', data: sessionData('s1', { title: 'Lisbon trip' }) },
			{
				type: 'message',
				id: 'm1',
				data: messageData('m1', 's1', { content: 'Book the Lisbon hotel' })
			},
			{ type: 'session', id: 's2', data: sessionData('s2', { title: 'Other' }) },
			{ type: 'message', id: 'm2', data: messageData('m2', 's2', { content: 'lisbon again' }) }
		]);
		await service.deleteSession('s2');
		const results = await service.search('lisbon');
		expect(results.complete).toBe(true);
		expect(results.hits.map((h) => [h.sessionId, h.messageId])).toEqual([
			['s1', null],
			['s1', 'm1']
		]);
		expect(results.hits[1]?.title).toBe('Lisbon trip');
	});

	it('reads the journal for the first search only, and finds what was written since', async () => {
		const journals = new Map<string, Journal>();
		const service = new SyncWorkerService(
			memoryWorkerDeps(journals, { transport: () => NO_SERVER })
		);
		await service.open('user-1', 'http://outpost.test');
		service.setOnline(false);
		await service.save([{ type: 'session', id: 's1', data: sessionData('s1') }]);
		const journal = journals.get('user-1') as Journal;
		const scan = vi.spyOn(journal, 'scanMessages');
		expect((await service.search('saffron')).hits).toEqual([]);
		const scans = scan.mock.calls.length;
		await service.saveMessage('m1', messageData('m1', 's1', { content: 'Buy saffron' }));
		expect((await service.search('saffron')).hits.map((h) => h.messageId)).toEqual(['m1']);
		await service.deleteSession('s1');
		expect((await service.search('saffron')).hits).toEqual([]);
		expect(scan.mock.calls.length).toBe(scans);
		await service.close();
	});
});
