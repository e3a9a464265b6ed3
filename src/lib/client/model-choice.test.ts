import { describe, expect, it } from 'vitest';
import type { ModelList } from '$lib/protocol/models';
import { modelToSend, pickerModels } from './model-choice';

const list: ModelList = { default: 'small', models: ['small', 'large', 'fast'] };

describe('pickerModels', () => {
	it('offers the default first, then the others', () => {
		expect(pickerModels({ default: 'large', models: ['small', 'large'] })).toEqual([
			'large',
			'small'
		]);
	});

	it.each<[string, ModelList | null]>([
		['the list could not be read', null],
		['the server has one model', { default: 'small', models: ['small'] }],
		['the server lists only its default', { default: 'small', models: [] }]
	])('offers nothing when %s', (_name, models) => {
		expect(pickerModels(models)).toEqual([]);
	});
});

describe('modelToSend', () => {
	it.each<[string, ModelList | null, string | null, string | null]>([
		['nothing picked', list, null, null],
		['a model of the list', list, 'large', 'large'],
		['the default', list, 'small', null],
		['a model the server no longer has', list, 'gone', null],
		['a model picked, the list unknown (offline)', null, 'large', 'large']
	])('%s', (_name, models, remembered, expected) => {
		expect(modelToSend(models, remembered)).toBe(expected);
	});
});
