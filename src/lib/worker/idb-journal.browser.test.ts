import { deleteDB } from 'idb';
import { afterEach } from 'vitest';
import { journalDbName, openIdbJournal } from './idb-journal';
import { describeJournalContract } from './journal-contract/journal-contract';
import { describeJournalUpgrade } from './journal-contract/upgrade';

// Real IndexedDB in Chromium: each test's database is deleted after it.
const userIds: string[] = [];
afterEach(async () => {
	for (const userId of userIds.splice(0)) await deleteDB(journalDbName(userId));
});

describeJournalContract('IndexedDB journal (Chromium)', () => {
	const userId = crypto.randomUUID();
	userIds.push(userId);
	return openIdbJournal(userId);
});
describeJournalUpgrade('IndexedDB journal (Chromium)');
