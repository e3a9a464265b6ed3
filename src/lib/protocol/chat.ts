import { z } from 'zod';
import { accountId } from './account';
import { MESSAGE_ROLES } from './record';
import { protocolText } from './text';

/**
 * Body of `POST /api/chat`: the conversation so far, newest last, and optionally the account
 * whose chat it is (a mismatch gets `409 account_mismatch`).
 */
export const chatRequest = z.strictObject({
	accountId: accountId.optional(),
	messages: z
		.array(z.strictObject({ role: z.enum(MESSAGE_ROLES), content: protocolText(100_000) }))
		.min(1)
		.max(500)
});
export type ChatRequest = z.infer<typeof chatRequest>;

/** The `done` event that ends a reply stream. */
export const chatDone = z.object({
	model: z.string(),
	inputTokens: z.number().int(),
	outputTokens: z.number().int(),
	elapsedMs: z.number().int()
});
export type ChatDone = z.infer<typeof chatDone>;
