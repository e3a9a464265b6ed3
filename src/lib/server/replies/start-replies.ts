import type { AppContext } from '../app-context';
import { ReplyRunner } from './reply-runner';
import { DEFAULT_WRITE_SETTINGS } from './write-reply';

/** How often an instance looks for replies to write besides being woken (leases run out, retries fall due). */
const POLL_MS = 2_000;

/** Starts this instance's reply runner: it writes replies alongside every other instance. */
export async function startReplies(app: AppContext): Promise<ReplyRunner> {
	const runner = new ReplyRunner({
		db: app.db,
		provider: app.provider,
		settings: { ...DEFAULT_WRITE_SETTINGS, leaseMs: app.config.replyLeaseMs },
		slots: app.config.replySlots,
		userLimit: app.config.chatConcurrentLimit,
		pollMs: POLL_MS,
		listen: (channel, onPayload) => app.db.listen(channel, onPayload)
	});
	await runner.start();
	return runner;
}
