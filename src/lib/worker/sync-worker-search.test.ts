import { describe, expect, it } from 'vitest';
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

	it('ends a search early when a newer one starts', async () => {
		const service = await guestService();
		await service.save([{ type: 'session', id: 's1', data: sessionData('s1') }]);
		const many = Array.from({ length: 1_200 }, (_, i) => ({
			type: 'message' as const,
			id: `m${i}`,
			data: messageData(`m${i}`, 's1', { content: `word ${i}` })
		}));
		await service.save(many);
		const [first, second] = await Promise.all([service.search('word'), service.search('word 7')]);
		expect(first.complete).toBe(false);
		expect(second.complete).toBe(true);
		expect(second.hits.length).toBeGreaterThan(0);
	});
});
