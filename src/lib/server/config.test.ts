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

describe('readConfig: database settings', () => {
	const pooler = 'postgres://app:secret@pooler.example.com:6543/postgres';
	const direct = 'postgresql://app:secret@db.example.com:5432/postgres';

	it('uses the embedded database when neither URL is set', () => {
		expect(readConfig({ DATABASE_URL: ' ', DATABASE_DIRECT_URL: '' })).toMatchObject({
			databaseUrl: undefined,
			databaseDirectUrl: undefined
		});
	});

	it('reads DATABASE_URL alone, or beside it the direct connection of a pooler', () => {
		expect(readConfig({ DATABASE_URL: ` ${direct} ` })).toMatchObject({
			databaseUrl: direct,
			databaseDirectUrl: undefined
		});
		expect(readConfig({ DATABASE_URL: pooler, DATABASE_DIRECT_URL: direct })).toMatchObject({
			databaseUrl: pooler,
			databaseDirectUrl: direct
		});
	});

	it.each([
		[
			'a direct URL without DATABASE_URL',
			{ DATABASE_DIRECT_URL: direct },
			/DATABASE_DIRECT_URL is the direct connection beside the pooler of DATABASE_URL: set DATABASE_URL too/
		],
		[
			'a direct URL that is no connection string',
			{ DATABASE_URL: pooler, DATABASE_DIRECT_URL: 'db.example.com:5432' },
			/DATABASE_DIRECT_URL must be a connection string such as postgres:\/\//
		],
		[
			'a database URL of another scheme',
			{ DATABASE_URL: 'mysql://app:secret@db.example.com/app' },
			/DATABASE_URL must be a connection string/
		]
	])('refuses %s with a readable message, no password in it', (_name, env, message) => {
		expect(() => readConfig(env)).toThrow(message);
		expect(() => readConfig(env)).toThrow(
			expect.objectContaining({ message: expect.not.stringContaining('secret') })
		);
	});
});
