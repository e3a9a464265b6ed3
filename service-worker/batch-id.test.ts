import { describe, expect, it } from 'vitest';
import { batchIdOf } from './batch-id';

describe('batchIdOf', () => {
	it('reads the batchId of a push body', () => {
		expect(batchIdOf('{"batchId":"b-1","records":[]}')).toBe('b-1');
	});

	it.each(['', 'not json', '[]', 'null', '"b-1"', '{"batchId":7}', '{}'])(
		'gives nothing for %j',
		(body) => {
			expect(batchIdOf(body)).toBeUndefined();
		}
	);
});
