import type { BrowserContext, Request } from '@playwright/test';

/** One finished push or pull, as the browser saw it; times in ms since the epoch. */
export interface SyncRequest {
	kind: 'push' | 'pull';
	/** When the browser started it. */
	start: number;
	/** When its answer had arrived whole (the start when the browser reports no timing). */
	end: number;
	/** Made by the service worker (a push it relays to the network). */
	fromServiceWorker: boolean;
	/** The push body. */
	body: string;
	/** The pull's `hasMore`. */
	hasMore: boolean | undefined;
}

/** A push as it went to the network: once, however many hops relayed it. */
export interface WirePush {
	/** When it left for the server (the service worker's request when it relays one). */
	start: number;
	/** When the page's worker asked for it (the same as `start` when nothing relays it). */
	requested: number;
	end: number;
	body: string;
}

const SYNC_PATHS = { '/api/sync/push': 'push', '/api/sync/pull': 'pull' } as const;

function kindOf(request: Request): SyncRequest['kind'] | undefined {
	const path = new URL(request.url()).pathname;
	return path in SYNC_PATHS ? SYNC_PATHS[path as keyof typeof SYNC_PATHS] : undefined;
}

async function hasMore(request: Request): Promise<boolean | undefined> {
	try {
		const answer = (await (await request.response())?.json()) as { hasMore?: unknown } | undefined;
		return typeof answer?.hasMore === 'boolean' ? answer.hasMore : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The pushes and pulls of one browser context (page, its workers and its service worker), as
 * the browser reports them to Playwright: what a user's network carries, read off the wire,
 * not from the app.
 */
export class SyncRequestLog {
	readonly #finished: SyncRequest[] = [];

	constructor(context: BrowserContext) {
		context.on('requestfinished', (request) => void this.#add(request));
	}

	async #add(request: Request): Promise<void> {
		const kind = kindOf(request);
		if (!kind) return;
		const timing = request.timing();
		this.#finished.push({
			kind,
			start: timing.startTime,
			end: timing.startTime + Math.max(0, timing.responseEnd),
			fromServiceWorker: request.serviceWorker() !== null,
			body: request.postData() ?? '',
			hasMore: kind === 'pull' ? await hasMore(request) : undefined
		});
	}

	/** Waits (polling) until `pick` finds something among the finished requests. */
	async waitFor<T>(
		what: string,
		pick: (finished: readonly SyncRequest[]) => T | undefined,
		timeoutMs = 300_000
	): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = pick(this.#finished);
			if (found !== undefined) return found;
			if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** The first pull started after `after` whose answer says nothing more is to come. */
	lastPullPage(after: number): Promise<SyncRequest> {
		return this.waitFor('pull answered with hasMore: false', (finished) =>
			finished.find((r) => r.kind === 'pull' && r.start >= after && r.hasMore === false)
		);
	}

	/**
	 * The pushes started after `after`, in the order they went to the network. A push the
	 * page's worker hands to the service worker shows twice: the worker's request (with the
	 * body) and, while it is open, the service worker's own (the browser reports no body for
	 * it), which is when it left for the server. Replays the service worker makes on its own
	 * (Background Sync) count with an empty body.
	 */
	pushesSince(after: number): WirePush[] {
		const pushes = this.#finished
			.filter((r) => r.kind === 'push' && r.start >= after)
			.sort((a, b) => a.start - b.start);
		const relays = pushes.filter((r) => r.fromServiceWorker);
		const claimed = new Set<SyncRequest>();
		const sent = pushes
			.filter((r) => !r.fromServiceWorker)
			.map((request): WirePush => {
				const relay = relays.find(
					(r) => !claimed.has(r) && r.start >= request.start && r.start <= request.end
				);
				if (relay) claimed.add(relay);
				const wire = relay ?? request;
				return { start: wire.start, requested: request.start, end: wire.end, body: request.body };
			});
		const replays = relays
			.filter((r) => !claimed.has(r))
			.map((r): WirePush => ({ start: r.start, requested: r.start, end: r.end, body: '' }));
		return [...sent, ...replays].sort((a, b) => a.start - b.start);
	}
}
