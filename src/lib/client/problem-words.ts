/**
 * The words people read when something goes wrong: every problem code the server can send (see
 * docs/protocol.md and `code: '…'` in src/lib/server and src/routes), and every per-record
 * refusal of a push, as a sentence that says what happened and what to do, with the action the
 * page offers for it. Developer wording ("The body does not have the expected shape") never
 * reaches the screen.
 */

/** What the page offers to do about a problem. */
export type ProblemAction = 'sign-in' | 'reload' | 'retry';

/** The label of each action's button. */
export const ACTION_LABELS: Record<ProblemAction, string> = {
	'sign-in': 'Sign in again',
	reload: 'Reload',
	retry: 'Try again'
};

/** A problem as the page words it. */
export interface ProblemWords {
	text: string;
	action: ProblemAction | null;
}

/** A failed answer as the client read it: status 0 is a network failure. */
export interface ProblemInput {
	status: number;
	code?: string | null | undefined;
	/** The server's own detail: shown only where the table says it is written for people. */
	detail?: string | undefined;
	/** Where the request was wrong (`/email`, `/password`), for invalid requests. */
	errors?: { path: string; message: string }[] | undefined;
}

/** A row of the table. */
export interface ProblemEntry extends ProblemWords {
	/** The server's detail says it better (a wait in words, a password rule): use it when given. */
	preferDetail?: boolean;
}

const RELOAD = 'Reload Outpost to get its latest version, then try again.';

const TABLE = {
	// Accounts
	unauthenticated: {
		text: 'You are signed out. Sign in again to keep your chats in sync.',
		action: 'sign-in'
	},
	invalid_credentials: {
		text: 'That email and password do not match an account. Check them and try again.',
		action: null
	},
	account_mismatch: {
		text: 'Another account is signed in in this browser. Sign in again as yourself to sync.',
		action: 'sign-in'
	},
	cross_site: {
		text: 'Outpost refused a request that came from another website.',
		action: 'reload'
	},
	// Too much at once: the server says how long to wait where it knows.
	rate_limited: {
		text: 'Too many requests in a short time. Wait a moment; Outpost tries again by itself.',
		action: null,
		preferDetail: true
	},
	busy: {
		text: 'The server is busy right now. Outpost tries again in a moment.',
		action: null
	},
	// Supabase mode: accounts are the project's Supabase Auth's.
	supabase_auth: {
		text: 'This server signs you in through Supabase. Reload the page and sign in again.',
		action: 'reload'
	},
	supabase_unavailable: {
		text: 'Supabase could not be reached to end the session. Outpost tries again by itself.',
		action: null
	},
	too_many_streams: {
		text: 'Outpost is open in too many tabs. Close a few; live updates resume by themselves.',
		action: null
	},
	too_many_replies: {
		text: 'Other replies are still being written. This one starts as soon as one ends.',
		action: null
	},
	// The server is down or failing
	database_unavailable: {
		text: 'The server is busy or briefly down. Your chats are safe on this device; try again in a moment.',
		action: 'retry'
	},
	internal: {
		text: 'Something went wrong on the server. Try again in a moment.',
		action: 'retry'
	},
	error: {
		text: 'Something went wrong on the server. Try again in a moment.',
		action: 'retry'
	},
	model_provider_unavailable: {
		text: 'The list of models is not ready yet. Replies use the default model meanwhile.',
		action: 'retry'
	},
	// Replies
	no_reply_running: {
		text: 'That reply had already finished.',
		action: null
	},
	// What was sent could not be read: an old version of the app, or a bug.
	bad_request: { text: `The server could not understand the request. ${RELOAD}`, action: 'reload' },
	not_found: { text: `The server does not know this request. ${RELOAD}`, action: 'reload' },
	method_not_allowed: {
		text: `The server does not know this request. ${RELOAD}`,
		action: 'reload'
	},
	invalid_json: { text: `The server could not read what was sent. ${RELOAD}`, action: 'reload' },
	invalid_encoding: {
		text: `The server could not read what was sent. ${RELOAD}`,
		action: 'reload'
	},
	unreadable_body: {
		text: 'What was sent arrived cut off. Check your connection and try again.',
		action: 'retry'
	},
	unsupported_media_type: {
		text: `The server could not read what was sent. ${RELOAD}`,
		action: 'reload'
	},
	invalid_request: {
		text: 'Some of what you entered is not valid. Check it and try again.',
		action: null
	},
	invalid_query: {
		text: `The server could not understand the request. ${RELOAD}`,
		action: 'reload'
	},
	too_large: {
		text: 'That is too large to send. Try something shorter.',
		action: null
	},
	// Sync
	invalid_envelope: {
		text: `The server could not read a batch of changes. ${RELOAD}`,
		action: 'reload'
	},
	batch_too_large: {
		text: 'A batch of changes was too large for the server. Shorter messages go through.',
		action: null
	},
	batch_conflict: {
		text: 'The server already had a different batch under the same name, so it set this one aside.',
		action: null
	},
	invalid_cursor: {
		text: 'The server did not recognise where this device left off. Outpost syncs again from the start.',
		action: null
	}
} satisfies Record<string, ProblemEntry>;

/** Every problem code the server sends, in words. */
export const PROBLEM_WORDS: Readonly<Record<string, ProblemEntry>> = TABLE;

/** Why the server refused one record of a push (a per-record `rejected` result), in words. */
export const RECORD_WORDS: Record<string, string> = {
	unknown_session: 'its chat has not reached the server yet; it is sent again once the chat is',
	deleted: 'it was deleted on another device',
	server_owned: 'replies are written by the server; ask for a new one with Regenerate',
	hash_mismatch: 'it arrived damaged; edit it to send it again',
	not_complete: 'only finished messages are synced',
	invalid: 'the server could not accept its contents'
};

/** The refusal of a record with `code`, in words (a refused batch: `http_413`…). */
export function recordWords(code: string): string {
	const known = RECORD_WORDS[code];
	if (known) return known;
	const status = /^http_(\d{3})$/.exec(code)?.[1];
	if (status === '413') return 'it was part of a batch too large for the server';
	return 'the server refused it';
}

/** Words for a status without a code we know. */
function byStatus(status: number): ProblemWords {
	if (status === 0) {
		return {
			text: 'Outpost cannot reach the server. Check your connection and try again.',
			action: 'retry'
		};
	}
	if (status === 401) return TABLE.unauthenticated;
	if (status === 408)
		return { text: 'The server took too long to answer. Try again.', action: 'retry' };
	if (status === 413) return TABLE.too_large;
	if (status === 429) return TABLE.rate_limited;
	if (status === 503) return TABLE.database_unavailable;
	if (status >= 500) return TABLE.internal;
	return { text: `The server refused the request. ${RELOAD}`, action: 'reload' };
}

/** Words for an invalid request, by the field that was wrong. */
function invalidRequestWords(problem: ProblemInput): ProblemWords | undefined {
	const first = problem.errors?.[0];
	if (first?.path === '/email') return { text: 'Enter a valid email address.', action: null };
	// The sign-up's password rules are written for people ("Choose another password: it …").
	if (first?.path === '/password' && problem.detail?.startsWith('Choose another password')) {
		return { text: problem.detail, action: null };
	}
	return undefined;
}

/** A problem the server (or the network) answered, in words, with the action that helps. */
export function problemWords(problem: ProblemInput): ProblemWords {
	const code = problem.code ?? undefined;
	if (code === 'invalid_request') {
		const field = invalidRequestWords(problem);
		if (field) return field;
	}
	const entry = code !== undefined ? PROBLEM_WORDS[code] : undefined;
	if (!entry) return byStatus(problem.status);
	const text = entry.preferDetail && problem.detail ? problem.detail : entry.text;
	return { text, action: entry.action };
}

/** The action that goes with a sentence of the table, for a page that kept only the text. */
export function actionFor(text: string | null): ProblemAction | null {
	if (text === null) return null;
	for (const entry of Object.values(PROBLEM_WORDS)) if (entry.text === text) return entry.action;
	return null;
}
