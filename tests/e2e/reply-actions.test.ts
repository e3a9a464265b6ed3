import { newAccount, send, signUp } from './helpers';
import { bubble, expect, replyTo, test, words } from './reply-server';

// The chat itself, not the service worker (tested on its own): none, as in a browser without one.
test.use({ serviceWorkers: 'block' });

test('Stop ends a reply being written and keeps its text so far; Regenerate writes it again', async ({
	page,
	fake
}) => {
	await signUp(page, newAccount());
	const text = words(60);
	fake.behave({ kind: 'reply', text, chunkDelayMs: 100 });
	await send(page, 'a long answer please');
	const reply = replyTo(page, 'a long answer please');
	await expect(bubble(reply)).toContainText('w3 ');
	await reply.getByRole('button', { name: 'Stop' }).click();
	await expect(reply).toHaveAttribute('data-status', 'stopped');
	await expect(reply.locator('.meta')).toContainText('Stopped');
	const kept = (await bubble(reply).innerText()).trim();
	expect(kept.length).toBeGreaterThan(0);
	expect(text.startsWith(kept)).toBe(true);
	expect(kept.length).toBeLessThan(text.length);

	fake.behave({ kind: 'reply', text: 'A whole answer this time.' });
	await reply.getByRole('button', { name: 'Regenerate' }).click();
	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(bubble(reply)).toHaveText('A whole answer this time.');
	await expect(page.locator('li.assistant')).toHaveCount(1);
});

test('a reply the provider fails shows why and Retry, which writes it', async ({ page, fake }) => {
	await signUp(page, newAccount());
	// Every attempt the server makes by itself fails.
	fake.behave([
		{ kind: 'status', status: 500 },
		{ kind: 'status', status: 500 },
		{ kind: 'status', status: 500 }
	]);
	await send(page, 'will this fail');
	const reply = replyTo(page, 'will this fail');
	await expect(reply).toHaveAttribute('data-status', 'failed');
	await expect(reply.getByRole('button', { name: 'Retry' })).toBeVisible();
	await expect.poll(() => fake.requests.length, { timeout: 30_000 }).toBe(3);
	await expect(reply).toHaveAttribute('data-status', 'failed');
	await expect(reply.locator('.error')).not.toBeEmpty();

	await reply.getByRole('button', { name: 'Retry' }).click();
	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(bubble(reply)).toHaveText('Echo: will this fail');
	await expect(page.locator('li.assistant')).toHaveCount(1);
});

test('a provider answering 500 then 200 gets the reply written by itself', async ({
	page,
	fake
}) => {
	await signUp(page, newAccount());
	fake.behave({ kind: 'status', status: 500 });
	await send(page, 'try again by yourself');
	const reply = replyTo(page, 'try again by yourself');
	await expect(bubble(reply)).toHaveText('Echo: try again by yourself', { timeout: 30_000 });
	await expect(reply).toHaveAttribute('data-status', 'complete');
});

test('Regenerate on the last reply writes a new one in its place', async ({ page, fake }) => {
	await signUp(page, newAccount());
	await send(page, 'say something');
	const reply = replyTo(page, 'say something');
	await expect(bubble(reply)).toHaveText('Echo: say something');
	fake.behave({ kind: 'reply', text: 'Something else.' });
	await reply.getByRole('button', { name: 'Regenerate' }).click();
	await expect(bubble(reply)).toHaveText('Something else.');
	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(page.locator('li.assistant')).toHaveCount(1);
});

test('the model picker lists the provider’s models and remembers the one picked', async ({
	page,
	fake
}) => {
	await signUp(page, newAccount());
	const picker = page.getByRole('combobox', { name: 'Model' });
	await expect(picker).toHaveValue('fake-small');
	await picker.selectOption('fake-large');
	await send(page, 'which model are you');
	await expect(bubble(replyTo(page, 'which model are you'))).toHaveText(
		'Echo: which model are you'
	);
	expect(fake.requests.at(-1)?.model).toBe('fake-large');

	await page.reload();
	await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('fake-large');
});
