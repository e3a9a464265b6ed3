import { afterEach, beforeEach, describe } from 'vitest';
import type { Journal } from '../journal';
import { chatReadCases } from './chat-reads';
import { outboxAndMetaCases } from './outbox-and-meta';
import { pendingCases } from './pending';
import { storageCases } from './storage';
import { updateCases } from './update';
import { windowCases } from './message-window';

/** The journal under test, opened fresh for each test. */
export interface JournalUnderTest {
	readonly journal: Journal;
}

/**
 * Runs the journal contract: every Journal implementation must pass the same tests (after
 * Replicache's `kv/store-test-util.ts`). `open` returns a new, empty journal each time.
 */
export function describeJournalContract(name: string, open: () => Promise<Journal>): void {
	describe(`${name} (journal contract)`, () => {
		let current: Journal | undefined;
		const subject: JournalUnderTest = {
			get journal() {
				if (!current) throw new Error('no journal open');
				return current;
			}
		};
		beforeEach(async () => {
			current = await open();
		});
		afterEach(() => {
			current?.close();
			current = undefined;
		});
		storageCases(subject);
		updateCases(subject);
		windowCases(subject);
		pendingCases(subject);
		outboxAndMetaCases(subject);
		chatReadCases(subject);
	});
}
