import { describe, expect, it } from 'vitest';
import { BEGUN, replyAnnouncement, type EndedReply } from './reply-announcement';

const none = () => undefined;
const endedAs = (end: EndedReply) => () => end;

describe('the live region', () => {
	it('says once that a reply began', () => {
		expect(replyAnnouncement([], [{ id: 'r', text: '' }], none)).toBe(BEGUN);
		expect(replyAnnouncement([{ id: 'r', text: 'a' }], [{ id: 'r', text: 'ab' }], none)).toBeNull();
	});

	it('reads out a reply once it is written whole', () => {
		const end = endedAs({ status: 'complete', content: 'The answer.' });
		expect(replyAnnouncement([{ id: 'r', text: 'The' }], [], end)).toBe('Reply: The answer.');
	});

	it('reads the last text of a reply the device wrote', () => {
		const end = endedAs({ status: 'complete', content: '' });
		expect(replyAnnouncement([{ id: 'r', text: 'Hello there.' }], [], end)).toBe(
			'Reply: Hello there.'
		);
	});

	it('says that a reply stopped or failed', () => {
		const stopped = endedAs({ status: 'stopped', content: 'Half' });
		expect(replyAnnouncement([{ id: 'r', text: 'Ha' }], [], stopped)).toBe('Reply stopped: Half');
		const failed = endedAs({ status: 'failed', content: '', error: 'The model timed out.' });
		expect(replyAnnouncement([{ id: 'r', text: '' }], [], failed)).toBe(
			'The reply failed: The model timed out.'
		);
	});

	it('says nothing of a reply that left the conversation shown', () => {
		expect(replyAnnouncement([{ id: 'r', text: 'Some' }], [], none)).toBeNull();
	});
});
