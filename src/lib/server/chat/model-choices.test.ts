import { describe, expect, it } from 'vitest';
import { modelChoices } from './model-choices';
import type { ModelProvider } from './model-provider';

function provider(defaultModel: string, models: string[]): ModelProvider {
	return {
		defaultModel,
		stream: async function* () {},
		models: async () => models
	};
}

describe('modelChoices', () => {
	it('puts the default first and keeps the provider’s order for the others', async () => {
		expect(await modelChoices(provider('b', ['a', 'b', 'c']))).toEqual({
			default: 'b',
			models: ['b', 'a', 'c']
		});
	});

	it('offers the default even when the provider does not list it', async () => {
		expect(await modelChoices(provider('x', ['a']))).toEqual({ default: 'x', models: ['x', 'a'] });
	});

	it('offers nothing while no default model is known', async () => {
		expect(await modelChoices(provider('', []))).toBeUndefined();
	});
});
