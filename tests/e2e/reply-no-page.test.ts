import type { BrowserContext } from '@playwright/test';
import {
	newAccount,
	newChatButton,
	queuedPushBodies,
	send,
	signUp,
	waitForServiceWorker
} from './helpers';
import { expect, test } from './reply-server';
import {
	appClients,
	PUSH_ROUTE,
	PUSH_SYNC_TAG,
	serviceWorkerDevTools
} from './service-worker-tools';

interface ServerMessage {
	id: string;
	role: string;
	content: string;
	status?: string;
	replyTo?: string;
}

/** The messages the server holds for the account signed in on `context`, read over HTTP. */
async function serverMessages(context: BrowserContext): Promise<ServerMessage[]> {
	const pull = await context.request.get('/api/sync/pull');
	expect(pull.status()).toBe(200);
	const body = (await pull.json()) as {
		records: { id: string; type: string; op: string; data: Omit<ServerMessage, 'id'> }[];
	};
	return body.records.flatMap((r) =>
		r.type === 'message' && r.op === 'upsert' ? [{ id: r.id, ...r.data }] : []
	);
}

test('messages sent offline get one reply each when Background Sync replays them with every tab closed', async ({
	browser,
	context,
	page,
	baseURL
}) => {
	const origin = baseURL ?? '';
	const account = newAccount();
	await signUp(page, account);
	await waitForServiceWorker(page);
	await newChatButton(page).click();

	await context.setOffline(true);
	const questions = ['first question, offline', 'second question, offline'] as const;
	for (const question of questions) {
		await send(page, question);
		await expect(page.locator('li.user').filter({ hasText: question })).toBeVisible();
	}
	// Both pushes failed and wait in the service worker's Background Sync queue.
	await expect
		.poll(async () => {
			const bodies = (await queuedPushBodies(page)).join('\n');
			return questions.filter((q) => bodies.includes(q));
		})
		.toEqual(questions);

	const [serviceWorker] = context.serviceWorkers();
	if (!serviceWorker) throw new Error('the app has no service worker');
	for (const open of context.pages()) await open.close();
	expect(context.pages()).toEqual([]);
	await expect.poll(() => appClients(serviceWorker)).toBe(0);

	// Back online, Chromium fires the sync event by itself; that first replay finds the server
	// unreachable, so that Chromium backs off for minutes and the event fired below does the work.
	let refused = 0;
	await context.route(PUSH_ROUTE, (route) => {
		refused++;
		return route.abort('internetdisconnected');
	});
	await context.setOffline(false);
	await expect.poll(() => refused).toBeGreaterThan(0);
	await context.unroute(PUSH_ROUTE);
	await expect
		.poll(async () => {
			const bodies = (await queuedPushBodies(serviceWorker)).join('\n');
			return questions.filter((q) => bodies.includes(q));
		})
		.toEqual(questions);

	const devtools = await serviceWorkerDevTools(context, origin);
	expect(await appClients(serviceWorker)).toBe(0);
	await devtools.dispatchSync(PUSH_SYNC_TAG);
	await devtools.close();
	expect(context.pages()).toEqual([]);
	await expect.poll(() => queuedPushBodies(serviceWorker), { timeout: 30_000 }).toEqual([]);

	// The server has both questions and one complete reply to each, with no page open.
	const other = await browser.newContext({ baseURL: origin });
	try {
		const login = await other.request.post('/api/auth/login', { data: account });
		expect(login.status()).toBe(200);
		let messages: ServerMessage[] = [];
		await expect
			.poll(
				async () => {
					messages = await serverMessages(other);
					return messages.filter((m) => m.role === 'assistant' && m.status === 'complete').length;
				},
				{ timeout: 30_000 }
			)
			.toBe(questions.length);
		const asked = messages.filter((m) => m.role === 'user');
		expect(asked.map((m) => m.content).sort()).toEqual([...questions].sort());
		const replies = messages.filter((m) => m.role === 'assistant');
		expect(
			asked.map((question) =>
				replies.filter((r) => r.replyTo === question.id).map((r) => r.content)
			)
		).toEqual(asked.map((question) => [`Echo: ${question.content}`]));
		expect(replies).toHaveLength(questions.length);
	} finally {
		await other.close();
	}
	expect(context.pages()).toEqual([]);

	const again = await context.newPage();
	await again.goto('/');
	await expect(again.locator('li.user .bubble, li.assistant .bubble')).toHaveText([
		questions[0],
		`Echo: ${questions[0]}`,
		questions[1],
		`Echo: ${questions[1]}`
	]);
	await expect(again.locator('li.assistant[data-status="complete"]')).toHaveCount(2);
	await expect(again.getByRole('status')).toContainText('All synced');
	await expect(again.getByRole('alert')).toHaveCount(0);
});
