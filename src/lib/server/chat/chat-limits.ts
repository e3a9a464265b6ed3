import type { ServerConfig } from '../config';
import type { Queryable } from '../db/database';
import {
	endGeneration,
	GENERATION_RENEW_MS,
	renewGeneration,
	startGeneration
} from '../limits/generations';
import { Refusals } from '../limits/refusals';
import { takeRequest } from '../limits/request-limits';

// A user refused for the minute is answered from here until it ends, without a query each.
const chatRefusals = new Refusals();

/** A place to generate one reply, held until `end` is called. */
export interface GenerationPlace {
	/**
	 * Frees the place (idempotent); resolves once the database has it free, so that an answer
	 * sent after it lets the user ask for the next reply at once. Never rejects: a failure is
	 * logged, and the place's lease then ends it.
	 */
	end(): Promise<void>;
}

/** Whether a user may have another reply generated now, and if not, why and for how long. */
export type GenerationGrant =
	| { ok: true; place: GenerationPlace }
	| { ok: false; reason: 'rate'; retryAfterSeconds: number }
	| { ok: false; reason: 'concurrent'; retryAfterSeconds: number };

/**
 * Counts a reply against CHAT_RATE_LIMIT (a minute's window) and takes one of the user's
 * CHAT_CONCURRENT_LIMIT places, both in the database so that they hold across instances. The
 * place renews its lease while it is held; an instance that dies frees it when the lease ends.
 */
export async function takeGeneration(
	db: Queryable,
	userId: string,
	config: Pick<ServerConfig, 'chatRateLimit' | 'chatConcurrentLimit'>
): Promise<GenerationGrant> {
	const wait = await takeRequest(db, `chat:${userId}`, 60, config.chatRateLimit, chatRefusals);
	if (wait !== undefined) return { ok: false, reason: 'rate', retryAfterSeconds: wait };
	const id = await startGeneration(db, userId, config.chatConcurrentLimit);
	if (id === undefined) return { ok: false, reason: 'concurrent', retryAfterSeconds: 2 };
	const renew = setInterval(() => {
		renewGeneration(db, id).catch((error: unknown) =>
			console.error('renewing a generation lease failed', error)
		);
	}, GENERATION_RENEW_MS);
	renew.unref();
	let ended: Promise<void> | undefined;
	return {
		ok: true,
		place: {
			end() {
				clearInterval(renew);
				ended ??= endGeneration(db, id).catch((error: unknown) =>
					console.error('ending a generation failed', error)
				);
				return ended;
			}
		}
	};
}
