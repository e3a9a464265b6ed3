// A deterministic chat history for the benchmark: sessions of 50 messages, alternating user and
// assistant, with contents of a few hundred characters.

/** Messages per session in the generated history. */
export const SESSION_LENGTH = 50;

const WORDS = (
	'sync offline journal batch cursor replay hash delta server client worker network message ' +
	'session usage analytics outpost reply token history record conflict update insert'
).split(' ');

/** One generated message (the fields both designs store). */
export interface HistoryMessage {
	id: string;
	sessionId: string;
	role: 'user' | 'assistant';
	content: string;
	model: string | null;
	inputTokens: number;
	outputTokens: number;
	elapsedMs: number;
	createdAt: string;
	updatedAt: string;
}

/** One generated session. */
export interface HistorySession {
	id: string;
	title: string;
	createdAt: string;
	updatedAt: string;
}

function text(seed: number, length: number): string {
	let out = '';
	let state = seed * 2654435761;
	while (out.length < length) {
		state = (state * 1103515245 + 12345) >>> 0;
		out += `${WORDS[state % WORDS.length]} `;
	}
	return out.slice(0, length).trim();
}

const BASE = Date.UTC(2026, 0, 1);

/** The i-th message of a history (0-based), and the session it belongs to. */
export function historyMessage(i: number): HistoryMessage {
	const role = i % 2 === 0 ? 'user' : 'assistant';
	const content = text(i, role === 'user' ? 160 : 520);
	const createdAt = new Date(BASE + i * 60_000).toISOString();
	return {
		id: `m${i.toString().padStart(7, '0')}`,
		sessionId: `s${Math.floor(i / SESSION_LENGTH)
			.toString()
			.padStart(5, '0')}`,
		role,
		content,
		model: role === 'assistant' ? 'outpost-demo' : null,
		inputTokens: role === 'user' ? Math.ceil(content.length / 4) : 0,
		outputTokens: role === 'assistant' ? Math.ceil(content.length / 4) : 0,
		elapsedMs: role === 'assistant' ? 900 : 0,
		createdAt,
		updatedAt: createdAt
	};
}

/** The session with index `index`. */
export function historySession(index: number): HistorySession {
	const createdAt = new Date(BASE + index * SESSION_LENGTH * 60_000).toISOString();
	return {
		id: `s${index.toString().padStart(5, '0')}`,
		title: `Chat ${index}`,
		createdAt,
		updatedAt: createdAt
	};
}

/** Sessions needed for `messages` messages. */
export function sessionCount(messages: number): number {
	return Math.ceil(messages / SESSION_LENGTH);
}

/** The k-th reply of the benchmark (2 messages) in the last session of a history of n messages. */
export function reply(n: number, k: number): HistoryMessage[] {
	const lastSession = historySession(sessionCount(n) - 1).id;
	return [0, 1].map((j) => {
		const message = historyMessage(n + 2 * k + j);
		return {
			...message,
			id: `r${(2 * k + j).toString().padStart(6, '0')}`,
			sessionId: lastSession
		};
	});
}
