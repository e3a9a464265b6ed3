import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	actionFor,
	problemWords,
	PROBLEM_WORDS,
	RECORD_WORDS,
	recordWords,
	type ProblemInput,
	type ProblemWords
} from './problem-words';

/** Every `.ts` file under `dir`, tests left out. */
function sources(dir: string): string[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.ts') && !name.includes('.test.'))
		.map((name) => readFileSync(join(dir, name), 'utf8'));
}

/** Codes that name outcomes inside the server and never reach a client. */
const INTERNAL = new Set(['aborted', 'cursor_ahead', 'data_dir_locked', 'custom']);

describe('problemWords', () => {
	const cases: { name: string; problem: ProblemInput; expected: Partial<ProblemWords> }[] = [
		{
			name: 'the shape error of a form says what to fix',
			problem: {
				status: 400,
				code: 'invalid_request',
				detail: 'The body does not have the expected shape.',
				errors: [{ path: '/email', message: 'Invalid email address' }]
			},
			expected: { text: 'Enter a valid email address.', action: null }
		},
		{
			name: "a password rule keeps the server's words, written for people",
			problem: {
				status: 400,
				code: 'invalid_request',
				detail: 'Choose another password: it is one of the most common passwords.',
				errors: [{ path: '/password', message: 'is one of the most common passwords' }]
			},
			expected: { text: 'Choose another password: it is one of the most common passwords.' }
		},
		{
			name: '"Sign in first." becomes a way to sign in',
			problem: { status: 401, code: 'unauthenticated', detail: 'Sign in first.' },
			expected: { action: 'sign-in' }
		},
		{
			name: 'a wrong password says so, without an action',
			problem: { status: 401, code: 'invalid_credentials' },
			expected: {
				text: 'That email and password do not match an account. Check them and try again.',
				action: null
			}
		},
		{
			name: 'a wait in words from the server is kept',
			problem: {
				status: 429,
				code: 'rate_limited',
				detail: 'Too many sign-ups from this network. Try again in 12 minutes.'
			},
			expected: { text: 'Too many sign-ups from this network. Try again in 12 minutes.' }
		},
		{
			name: 'a 503 says the server is busy or down, and offers to try again',
			problem: { status: 503, code: 'database_unavailable' },
			expected: { text: expect.stringContaining('busy or briefly down'), action: 'retry' }
		},
		{
			name: 'a network failure says the server cannot be reached',
			problem: { status: 0 },
			expected: { text: expect.stringContaining('cannot reach the server'), action: 'retry' }
		},
		{
			name: 'an unknown code falls back on its status',
			problem: { status: 502, code: 'something_new', detail: 'Bad gateway internals' },
			expected: { text: 'Something went wrong on the server. Try again in a moment.' }
		},
		{
			name: 'an unknown 4xx asks for a reload, never showing the detail',
			problem: { status: 422, detail: 'The body does not have the expected shape.' },
			expected: { action: 'reload' }
		}
	];
	for (const { name, problem, expected } of cases) {
		it(name, () => {
			expect(problemWords(problem)).toMatchObject(expected);
		});
	}

	it('never shows developer wording for any code', () => {
		for (const [code, entry] of Object.entries(PROBLEM_WORDS)) {
			const detail = entry.preferDetail ? undefined : 'The body is not valid JSON.';
			const words = problemWords({ status: 400, code, detail });
			expect(words.text, code).not.toMatch(/body|JSON|envelope|cursor|HTTP|\bcode\b/);
			expect(words.text, code).toBe(entry.text);
		}
	});
});

describe('the table', () => {
	it('words every problem code the server sends', () => {
		const text = [...sources('src/lib/server'), ...sources('src/routes')].join('\n');
		const codes = new Set<string>();
		for (const match of text.matchAll(/\bcode(?::| =) '([a-z_]+)'/g)) codes.add(match[1] as string);
		// tooManyRequests(detail, seconds, code)
		for (const match of text.matchAll(/tooManyRequests\([^;]*?,\s*'([a-z_]+)'\s*\)/g)) {
			codes.add(match[1] as string);
		}
		codes.add('account_mismatch');
		const missing = [...codes].filter(
			(code) => !INTERNAL.has(code) && !(code in PROBLEM_WORDS) && !(code in RECORD_WORDS)
		);
		expect(missing).toEqual([]);
		expect(codes).toContain('busy');
		expect(codes).toContain('too_many_replies');
	});

	it('finds the action of a sentence it wrote, and none for other text', () => {
		expect(actionFor(problemWords({ status: 401, code: 'unauthenticated' }).text)).toBe('sign-in');
		expect(actionFor('The message could not be saved on this device.')).toBeNull();
		expect(actionFor(null)).toBeNull();
	});
});

describe('recordWords', () => {
	it('says why a record was refused', () => {
		expect(recordWords('deleted')).toBe('it was deleted on another device');
		expect(recordWords('http_413')).toContain('too large');
		expect(recordWords('http_400')).toBe('the server refused it');
	});
});
