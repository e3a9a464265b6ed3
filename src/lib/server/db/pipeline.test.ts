import { describe, expect, it } from 'vitest';
import { pipeline } from './pipeline';

const later = <T>(ms: number, value: T) =>
	new Promise<T>((resolve) => setTimeout(resolve, ms, value));
const failLater = (ms: number, message: string) =>
	new Promise<never>((_, reject) => setTimeout(reject, ms, new Error(message)));

describe('pipeline', () => {
	it('resolves to every value in the order sent', async () => {
		await expect(pipeline([later(5, 'a'), later(1, 2), later(3, null)])).resolves.toEqual([
			'a',
			2,
			null
		]);
	});

	it('rejects with the first failure in the order sent, not the first to settle', async () => {
		const sent = [later(1, 'begin'), failLater(10, 'rate limited'), failLater(2, 'aborted')];
		await expect(pipeline(sent)).rejects.toThrow('rate limited');
	});
});
