import type { MessageData } from '../../src/lib/protocol/record';
import { push, signUp, type Account } from './api-client';
import { batch, message, session } from './records';

// An account that looks used, for screenshots, the accessibility scan and Lighthouse: a chat
// with a markdown reply (the newest, which the app opens) and four weeks of usage in older chats.

/** The title of the chat the app opens first. */
export const SHOWCASE_TITLE = 'Plan a weekend in Lisbon';
/** Words of the showcase chat's last reply, to wait for. */
export const SHOWCASE_REPLY_TEXT = 'Pastéis de Belém';

const QUESTION = 'Plan a relaxed weekend in Lisbon for two. We like food, views and short walks.';
const REPLY = `Here is a weekend that keeps the walking short:

## Saturday
- **Morning:** coffee in *Príncipe Real*, then the garden's viewpoint.
- **Lunch:** grilled sardines in Alfama.
- **Evening:** sunset at the Miradouro da Senhora do Monte.

## Sunday
1. Tram 28 early, before the queues.
2. Pastéis de Belém, still warm.
3. A slow walk along the river to the MAAT.

Tip: buy a \`Viva Viagem\` card and load it with \`zapping\` credit:

\`\`\`text
Metro, tram, bus: one card, about €1.80 a ride
\`\`\``;

const DAY_MS = 86_400_000;
const MODEL = 'outpost-demo';

function isoAt(daysAgo: number, minute: number, now: number): string {
	const midnight = Math.floor(now / DAY_MS) * DAY_MS;
	return new Date(midnight - daysAgo * DAY_MS + (9 * 60 + minute) * 60_000).toISOString();
}

/** How many questions were asked `daysAgo` days before today: a made-up but lived-in month. */
const questionsOn = (daysAgo: number) => [3, 5, 2, 0, 4, 6, 1][daysAgo % 7]! + (daysAgo % 3);

/** The records of the account: older chats with a month of usage, then the showcase chat. */
function records(now: number): { type: 'session' | 'message'; id: string; data: object }[] {
	const out: { type: 'session' | 'message'; id: string; data: object }[] = [];
	const chats = ['Fix a flaky test', 'Summarise an article'];
	chats.forEach((title, c) => {
		const createdAt = isoAt(28, c, now);
		out.push({ type: 'session', id: `old-${c}`, data: { title, createdAt, updatedAt: createdAt } });
	});
	for (let daysAgo = 28; daysAgo >= 1; daysAgo--) {
		for (let q = 0; q < questionsOn(daysAgo); q++) {
			const sessionId = `old-${q % chats.length}`;
			const asked = isoAt(daysAgo, q * 7, now);
			const answered = isoAt(daysAgo, q * 7 + 1, now);
			const id = `d${daysAgo}-q${q}`;
			const inputTokens = 40 + ((daysAgo * 37 + q * 11) % 160);
			const outputTokens = 180 + ((daysAgo * 53 + q * 29) % 520);
			out.push({
				type: 'message',
				id: `${id}-ask`,
				data: {
					sessionId,
					role: 'user',
					content: `Question ${q + 1} of ${asked.slice(0, 10)}`,
					inputTokens,
					createdAt: asked,
					updatedAt: asked
				} satisfies Partial<MessageData>
			});
			out.push({
				type: 'message',
				id: `${id}-reply`,
				data: {
					sessionId,
					role: 'assistant',
					content: `An answer to question ${q + 1}.`,
					model: MODEL,
					inputTokens: 0,
					outputTokens,
					createdAt: answered,
					updatedAt: answered
				} satisfies Partial<MessageData>
			});
		}
	}
	const asked = new Date(now - 120_000).toISOString();
	const answered = new Date(now - 110_000).toISOString();
	out.push({
		type: 'session',
		id: 'showcase',
		data: { title: SHOWCASE_TITLE, createdAt: asked, updatedAt: answered }
	});
	out.push({
		type: 'message',
		id: 'showcase-ask',
		data: {
			sessionId: 'showcase',
			role: 'user',
			content: QUESTION,
			inputTokens: 24,
			createdAt: asked,
			updatedAt: asked
		} satisfies Partial<MessageData>
	});
	out.push({
		type: 'message',
		id: 'showcase-reply',
		data: {
			sessionId: 'showcase',
			role: 'assistant',
			content: REPLY,
			model: MODEL,
			inputTokens: 0,
			outputTokens: 212,
			createdAt: answered,
			updatedAt: answered
		} satisfies Partial<MessageData>
	});
	return out;
}

/**
 * Signs up a new account at `baseUrl` and pushes its chats over HTTP, hashed as a client does.
 * Throws unless every record is stored.
 */
export async function seedShowcaseAccount(baseUrl: string, now = Date.now()): Promise<Account> {
	const account = await signUp(baseUrl);
	const all = records(now);
	for (let i = 0; i < all.length; i += 500) {
		const chunk = await Promise.all(
			all
				.slice(i, i + 500)
				.map((r) =>
					r.type === 'session'
						? session(r.id, r.data)
						: message(r.id, (r.data as MessageData).sessionId, r.data)
				)
		);
		const response = await push(baseUrl, account, batch(chunk));
		const text = await response.text();
		if (response.status !== 200) throw new Error(`seed push answered ${response.status}: ${text}`);
		const { results } = JSON.parse(text) as { results: { status: string; code?: string }[] };
		const refused = results.find((r) => r.status === 'rejected' || r.status === 'stale');
		if (refused) throw new Error(`seed record ${refused.status}: ${refused.code ?? ''}`);
	}
	return account;
}
