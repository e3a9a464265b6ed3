import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider';
import { startServer, type ServerProcess } from '../support/server-process';

/**
 * Tests of the replies the server writes, against a server process of their own whose model
 * provider is the fake OpenAI-compatible one (the rest of the suite's server answers with the
 * demo model). `fake` is reset before each test: it echoes (`Echo: <question>`) unless told.
 */
export const test = base.extend<
	{ fake: FakeProvider },
	{ replyServer: { fake: FakeProvider; server: ServerProcess } }
>({
	replyServer: [
		// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture uses from this pattern
		async ({}, use) => {
			const fake = await startFakeProvider();
			const server = await startServer({
				env: { LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-small', REPLY_LEASE_MS: '5000' }
			});
			try {
				await use({ fake, server });
			} finally {
				await server.stop();
				await fake.close();
			}
		},
		{ scope: 'worker', timeout: 120_000 }
	],
	baseURL: async ({ replyServer }, use) => use(replyServer.server.url),
	fake: async ({ replyServer }, use) => {
		replyServer.fake.control({ reset: true });
		await use(replyServer.fake);
	}
});

export { expect };

/** `count` numbered words: `w1 w2 … w<count>`. */
export const words = (count: number) =>
	Array.from({ length: count }, (_, i) => `w${i + 1}`).join(' ');

/** The reply to the question whose text is `question` (the message after it). */
export function replyTo(page: Page, question: string): Locator {
	return page
		.locator('li.user')
		.filter({ hasText: question })
		.locator('xpath=following-sibling::li[1][contains(@class, "assistant")]');
}

/** The text of a message's bubble. */
export const bubble = (message: Locator) => message.locator('.bubble');
