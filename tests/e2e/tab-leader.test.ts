import { expect, test, type Page, type Request } from '@playwright/test';
import { storedMessages } from './account-helpers';
import { newAccount, newChatButton, openSignedInTab, send, signUp, waitForReply } from './helpers';

/** One push or pull as a tab's sync worker sent it. */
interface SyncRequest {
	tab: string;
	kind: 'push' | 'pull';
	/** `type:id:hash` of each record a push carried. */
	records: string[];
	start: number;
	end: number;
	status: number;
}

/**
 * Notes every push and pull the tabs' sync workers send (a dedicated worker's requests are its
 * page's), with when they started and ended. The service worker's own fetch of the same
 * request (it routes pushes for Background Sync) is left out: it is that request again.
 */
function watchSyncRequests(tabs: Record<string, Page>): SyncRequest[] {
	const seen: SyncRequest[] = [];
	for (const [tab, page] of Object.entries(tabs)) {
		const started = new Map<Request, SyncRequest>();
		page.on('request', (request) => {
			const path = new URL(request.url()).pathname;
			const kind = path === '/api/sync/push' ? 'push' : path === '/api/sync/pull' ? 'pull' : null;
			if (!kind || request.serviceWorker()) return;
			const body = kind === 'push' ? (request.postDataJSON() as PushBody) : null;
			const records = body?.records.map((r) => `${r.type}:${r.id}:${r.hash}`) ?? [];
			started.set(request, { tab, kind, records, start: Date.now(), end: Infinity, status: 0 });
		});
		const finish = async (request: Request) => {
			const entry = started.get(request);
			if (!entry) return;
			entry.end = Date.now();
			entry.status = (await request.response().catch(() => null))?.status() ?? 0;
			seen.push(entry);
		};
		page.on('requestfinished', (request) => void finish(request));
		page.on('requestfailed', (request) => void finish(request));
	}
	return seen;
}

interface PushBody {
	records: { type: string; id: string; hash?: string }[];
}

/** Sends `text` in `page`'s chat and waits for the demo model's reply, written by the server. */
async function chat(page: Page, text: string) {
	await send(page, text);
	await waitForReply(page, `You said: "${text}"`);
}

/** Pairs of pulls from different tabs whose times overlap. */
function overlappingPulls(requests: SyncRequest[]): [SyncRequest, SyncRequest][] {
	const pulls = requests.filter((r) => r.kind === 'pull');
	return pulls.flatMap((p, i) =>
		pulls
			.slice(i + 1)
			.filter((q) => q.tab !== p.tab && p.start < q.end && q.start < p.end)
			.map((q): [SyncRequest, SyncRequest] => [p, q])
	);
}

test('two tabs of one account push each record once, never pull at once, and hand over on close', async ({
	browser,
	context,
	page: a
}) => {
	const account = newAccount();
	await signUp(a, account);
	const b = await openSignedInTab(context);
	const requests = watchSyncRequests({ a, b });
	await Promise.all([a, b].map((page) => newChatButton(page).click()));

	// Both tabs write at once, three times over; the server writes each reply, which every tab pulls.
	for (let round = 1; round <= 3; round++) {
		await Promise.all([chat(a, `a says ${round}`), chat(b, `b says ${round}`)]);
	}
	for (const page of [a, b]) await expect(page.getByRole('status')).toContainText('All synced');

	const pushed = requests.filter((r) => r.kind === 'push' && r.status === 200);
	const records = pushed.flatMap((r) => r.records);
	// Two sessions, 6 messages (the replies are the server's): each state of each record reached
	// the server in one push.
	expect.soft(records.filter((r) => r.startsWith('message:'))).toHaveLength(6);
	expect.soft(records.length).toBe(new Set(records).size);
	expect.soft(overlappingPulls(requests)).toEqual([]);
	const leaders = [...new Set(requests.map((r) => r.tab))];
	expect(leaders).toHaveLength(1);

	// The leader's tab closes while the other writes; that tab takes over and pushes.
	const [leader, survivor] = leaders[0] === 'a' ? [a, b] : [b, a];
	const before = requests.length;
	await Promise.all([leader.close(), chat(survivor, 'written as the leader closed')]);
	await chat(survivor, 'written after the leader closed');
	await expect(survivor.getByRole('status')).toContainText('All synced', { timeout: 30_000 });
	const after = requests.slice(before).filter((r) => r.kind === 'push' && r.status === 200);
	expect(after.length).toBeGreaterThan(0);
	expect(after.every((r) => r.tab !== leaders[0])).toBe(true);
	const everything = requests.filter((r) => r.kind === 'push' && r.status === 200);
	const all = everything.flatMap((r) => r.records);
	expect(all.length).toBe(new Set(all).size);
	expect(await storedMessages(browser, account)).toEqual(
		expect.arrayContaining(['written as the leader closed', 'written after the leader closed'])
	);
});
