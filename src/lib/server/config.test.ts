import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig: model provider settings', () => {
	it('leaves the provider unset and waits 60 s by default', () => {
		expect(readConfig({})).toMatchObject({
			llmApiKey: undefined,
			llmBaseUrl: undefined,
			llmModel: undefined,
			llmTimeoutMs: 60_000
		});
	});

	it('reads the settings, trimmed, the base URL without its trailing slash', () => {
		expect(
			readConfig({
				LLM_API_KEY: ' sk-1 ',
				LLM_BASE_URL: 'http://localhost:11434/v1/ ',
				LLM_MODEL: 'llama3.2',
				LLM_TIMEOUT_MS: '1500'
			})
		).toMatchObject({
			llmApiKey: 'sk-1',
			llmBaseUrl: 'http://localhost:11434/v1',
			llmModel: 'llama3.2',
			llmTimeoutMs: 1500
		});
	});

	it('treats blank settings as unset', () => {
		expect(readConfig({ LLM_API_KEY: ' ', LLM_BASE_URL: '', LLM_MODEL: '' })).toMatchObject({
			llmApiKey: undefined,
			llmBaseUrl: undefined,
			llmModel: undefined
		});
	});

	it.each([
		[
			'a base URL that is no URL',
			{ LLM_BASE_URL: 'localhost:11434' },
			/LLM_BASE_URL must be an http\(s\) URL/
		],
		[
			'a base URL that is not http',
			{ LLM_BASE_URL: 'ftp://example.com/v1' },
			/LLM_BASE_URL must be/
		],
		['a timeout of 0', { LLM_TIMEOUT_MS: '0' }, /LLM_TIMEOUT_MS must be at least 1/],
		[
			'a timeout that is no number',
			{ LLM_TIMEOUT_MS: '1m' },
			/LLM_TIMEOUT_MS must be a whole number/
		]
	])('refuses %s with a readable message', (_name, env, message) => {
		expect(() => readConfig(env)).toThrow(message);
	});

	it('never puts the key in an error message', () => {
		expect(() => readConfig({ LLM_API_KEY: 'sk-secret', LLM_BASE_URL: 'nope' })).toThrow(
			expect.objectContaining({ message: expect.not.stringContaining('sk-secret') })
		);
	});
});
