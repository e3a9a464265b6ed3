import type { Page } from '@playwright/test';
import { dangers, MARKDOWN_PAYLOADS } from '../support/xss-payloads';
import { watchViolations } from './csp-violations';
import { newAccount, send, signUp } from './helpers';
import { bubble, expect, replyTo, test } from './reply-server';

// The chat itself, not the service worker (tested on its own): none, as in a browser without one.
test.use({ serviceWorkers: 'block' });

declare global {
	interface Window {
		__xss?: boolean;
	}
}

/** The rendered messages' markup that could run or load something (see xss-payloads.ts). */
async function dangersShown(page: Page): Promise<string[]> {
	const bodies = await page.getByRole('list', { name: 'Messages' }).locator('.markdown').all();
	const found: string[] = [];
	for (const body of bodies) found.push(...(await body.evaluate(dangers)));
	return found;
}

test('payloads in a message, a reply and a chat title run nothing and break no CSP rule', async ({
	context,
	page,
	fake
}) => {
	const violations = watchViolations(context, page);
	await signUp(page, newAccount());
	// The first line of the first message is the chat's title.
	const title = '<img src=x: onerror="window.__xss = true"> **title**';
	const question = [title, ...MARKDOWN_PAYLOADS.slice(0, 12)].join('\n\n');
	const answer = [...MARKDOWN_PAYLOADS, 'End of the payloads.'].join('\n\n');
	fake.behave({ kind: 'reply', text: answer, chunks: 40, chunkDelayMs: 20 });
	await send(page, question);
	// The question is long: with only the rows on screen drawn, it may be out of the page.
	const reply = page.getByRole('list', { name: 'Messages' }).locator('li.assistant').last();
	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(bubble(reply)).toContainText('End of the payloads.');

	const check = async () => {
		await expect(page.getByRole('navigation', { name: 'Conversations' })).toContainText(title);
		await expect(page.getByRole('list', { name: 'Messages' })).toContainText('raw link');
		expect(await dangersShown(page)).toEqual([]);
		const shown = page.getByRole('list', { name: 'Messages' });
		// The messages' own text, not the app's controls (icons) around it.
		const bodies = shown.locator('.markdown');
		await expect(bodies.locator('img, svg, math, iframe, object, embed, script')).toHaveCount(0);
		// Long enough for a failed image load or a frame's load to have fired a handler.
		await page.waitForTimeout(300);
		expect(await page.evaluate(() => window.__xss)).toBeUndefined();
	};
	await check();
	// Read back from the device's journal, as a returning reader sees them.
	await page.reload();
	await check();
	expect(violations).toEqual([]);
});

test('Copy code copies a code block while the reply is written and after; code scrolls on a phone', async ({
	context,
	page,
	fake
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.setViewportSize({ width: 390, height: 844 });
	await signUp(page, newAccount());
	const code = Array.from(
		{ length: 24 },
		(_, line) => `print("line ${line}: ${'a long line of code '.repeat(4)}")`
	).join('\n');
	fake.behave({
		kind: 'reply',
		text: `Here it is:\n\n\`\`\`python\n${code}\n\`\`\`\n\nThat is all.`,
		// Slow enough that the click comes while it is written, on a busy test machine too.
		chunks: 50,
		chunkDelayMs: 150
	});
	await send(page, 'some python please');
	const reply = replyTo(page, 'some python please');
	const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

	await expect(reply.locator('pre')).toContainText('line 1:');
	await expect(reply).toHaveAttribute('data-status', 'streaming');
	await reply.getByRole('button', { name: 'Copy code' }).click();
	await expect(reply.getByRole('button', { name: 'Copied' })).toBeVisible();
	// Copied while the reply was being written: the code so far (all of it if the page was
	// slower than the model).
	const early = await clipboard();
	expect(early.length).toBeGreaterThan(0);
	expect(code.startsWith(early)).toBe(true);

	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(bubble(reply)).toContainText('That is all.');
	// Highlighted by the highlight worker, under the production build's CSP.
	await expect(reply.locator('pre .hljs-built_in').first()).toHaveText('print');
	// Long lines scroll inside the code block; the page itself does not scroll sideways.
	const pre = reply.locator('pre');
	expect(await pre.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	await page.setViewportSize({ width: 1280, height: 800 });
	// The same button (it may still say Copied) copies the whole code now. The list measures
	// its rows again after the resize and may draw this one anew: a click on the button it
	// replaces is lost, so the click is tried again until the clipboard has the code.
	await expect(async () => {
		await reply.locator('button.copy-code').click();
		expect(await clipboard()).toBe(code);
	}).toPass({ timeout: 15_000 });
	await expect(reply.locator('button.copy-code')).toHaveText('Copied');
});
