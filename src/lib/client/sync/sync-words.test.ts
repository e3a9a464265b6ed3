import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '$lib/worker/sync-worker-api';
import { syncWords, type SyncSummary } from './sync-words';

const NOW = 1_800_000_000_000;
const base: SyncStatusView = {
	state: 'idle',
	pending: 0,
	outbox: 0,
	online: true,
	refused: [],
	localOnly: false,
	lastSyncedAt: NOW - 2 * 60_000,
	lastError: null
};

describe('syncWords', () => {
	const cases: { name: string; status: Partial<SyncStatusView>; expected: Partial<SyncSummary> }[] =
		[
			{
				name: 'all synced, and when',
				status: {},
				expected: {
					tone: 'ok',
					label: 'All synced',
					since: { long: '2 min ago', short: '2 min ago' },
					notice: null
				}
			},
			{
				name: 'changes waiting to be sent',
				status: { pending: 3 },
				expected: {
					label: '3 to sync',
					since: { long: 'Last synced 2 min ago', short: 'synced 2 min ago' },
					notice: null
				}
			},
			{
				name: 'a pass under way with changes',
				status: { pending: 1, state: 'running' },
				expected: { tone: 'busy', label: 'Syncing…' }
			},
			{
				name: 'offline only when the browser is',
				status: { online: false, pending: 2 },
				expected: {
					label: 'Offline · 2 to sync',
					short: 'Offline',
					notice: {
						tone: 'warn',
						text: 'You are offline. 2 changes wait on this device. Everything syncs when you are back online.',
						action: null
					}
				}
			},
			{
				name: 'a server that cannot be reached while online is called that, not offline',
				status: { pending: 1, state: 'waiting', lastError: { status: 0, code: null, at: NOW } },
				expected: {
					tone: 'error',
					label: 'Server unreachable · 1 to sync',
					short: "Can't connect",
					notice: {
						tone: 'warn',
						text: 'The server cannot be reached right now. 1 change waits on this device. Outpost tries again by itself.',
						action: 'sync'
					}
				}
			},
			{
				name: 'a 503 says the server is busy or down, and that it retries',
				status: {
					pending: 4,
					state: 'waiting',
					lastError: { status: 503, code: 'database_unavailable', at: NOW }
				},
				expected: {
					label: 'Server busy · 4 to sync',
					notice: {
						tone: 'warn',
						text: 'The server is busy or down for a moment (503). 4 changes wait on this device. Outpost tries again by itself.',
						action: 'sync'
					}
				}
			},
			{
				name: 'a 500 is a server error',
				status: { state: 'waiting', lastError: { status: 500, code: 'internal', at: NOW } },
				expected: { label: 'Server error' }
			},
			{
				name: 'a refused batch says what was refused and why',
				status: { refused: [{ status: 413, detail: 'The body is too large.', records: 3 }] },
				expected: {
					tone: 'error',
					label: 'All synced',
					notice: {
						tone: 'error',
						text: 'The server refused 3 changes: they were too large to send. They stay on this device.',
						action: null
					}
				}
			},
			{
				name: 'a session that ended asks to sign in again',
				status: { state: 'paused', pending: 1 },
				expected: { label: 'Sign in again to sync' }
			},
			{
				name: 'another account signed in',
				status: { state: 'other-account' },
				expected: { label: 'Not syncing: another account signed in' }
			},
			{
				name: 'a journal that never synced has no time',
				status: { lastSyncedAt: null, pending: 1 },
				expected: { since: null }
			}
		];
	for (const { name, status, expected } of cases) {
		it(name, () => {
			expect(syncWords({ ...base, ...status }, NOW)).toMatchObject(expected);
		});
	}
});
