import { describeJournalContract } from './journal-contract/journal-contract';
import { memoryJournal } from './memory-journal';

describeJournalContract('memory journal', async () => memoryJournal());
