import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { LONG_REPLY_END, longReply } from '../../../../tests/support/long-reply';
import { dangers, MARKDOWN_PAYLOADS } from '../../../../tests/support/xss-payloads';
import { renderMarkdown } from '$lib/client/markdown';
import { loadHighlighter } from '$lib/client/markdown/highlight';
import MessageBody from './MessageBody.svelte';

declare global {
	interface Window {
		__xss?: boolean;
	}
}

const mounted: (() => void)[] = [];
afterEach(() => {
	for (const destroy of mounted.splice(0)) destroy();
	vi.restoreAllMocks();
});

/** MessageBody mounted in the page with props that the test may change. */
function show(text: string, streaming = false) {
	const props = $state({ text, streaming });
	const target = document.createElement('div');
	document.body.append(target);
	const component = mount(MessageBody, { target, props });
	mounted.push(() => {
		void unmount(component);
		target.remove();
	});
	return { props, target };
}

/**
 * The rendered element once it shows `expected` (default: once it has rendered anything). The
 * first one waits for the renderer's chunk, which the dev server builds on first request.
 */
function rendered(target: HTMLElement, expected?: string): Promise<HTMLElement> {
	return vi.waitFor(
		() => {
			const root = target.querySelector<HTMLElement>('[data-state="rendered"]');
			if (!root || (expected !== undefined && !root.textContent?.includes(expected))) {
				throw new Error('not rendered yet');
			}
			return root;
		},
		{ timeout: 15_000 }
	);
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

const RICH = [
	'## Plan',
	'',
	'1. Read **the issue**',
	'2. Write `code`',
	'',
	'| Step | Time |',
	'|---|--:|',
	'| one | 2 min |',
	'',
	'See [the docs](https://example.com/docs).',
	'',
	'```ts',
	'const answer: number = 42;',
	'```'
].join('\n');

describe('MessageBody', () => {
	it('renders headings, lists, tables, links and highlighted code', async () => {
		const { target } = show(RICH);
		const root = await rendered(target);
		expect(root.querySelector('h2')?.textContent).toBe('Plan');
		expect([...root.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual([
			'Read the issue',
			'Write code'
		]);
		expect(root.querySelector('th[align="right"]')?.textContent).toBe('Time');
		const link = root.querySelector('a');
		expect(link?.href).toBe('https://example.com/docs');
		expect(link?.target).toBe('_blank');
		expect(link?.rel).toBe('noopener noreferrer');
		// highlight.js comes in idle time after the renderer: the code is highlighted once it is there.
		await vi.waitFor(() => expect(root.querySelector('.hljs-keyword')?.textContent).toBe('const'), {
			timeout: 10_000
		});
		expect(root.querySelector('button')?.textContent).toBe('Copy code');
		expect(root.hasAttribute('data-streaming')).toBe(false);
		expect(root.querySelector('[data-cursor]')).toBeNull();
	});

	it('renders a streaming reply once a frame, changing only its last block', async () => {
		const { props, target } = show('Intro.\n\n```js\n', true);
		const root = await rendered(target);
		const intro = root.querySelector('p');
		const copy = root.querySelector('button');
		// An unclosed fence is a code block already, with its Copy button and the cursor in it.
		expect(copy?.textContent).toBe('Copy code');
		for (let line = 0; line < 50; line++) {
			props.text += `call(${line});\n`;
			flushSync();
		}
		// Fifty changes within one task: none is drawn before a frame, then the last one at once.
		expect(root.querySelector('code')?.textContent).toBe('');
		await vi.waitFor(() => expect(root.querySelector('code')?.textContent).toContain('call(49);'));
		expect(root.querySelector('p')).toBe(intro);
		expect(root.querySelector('button')).toBe(copy);
		expect(root.hasAttribute('data-streaming')).toBe(true);
		expect(root.querySelector('[data-cursor]')?.closest('code')).not.toBeNull();

		props.text += '```\n\nDone.';
		props.streaming = false;
		await rendered(target, 'Done.');
		await frame();
		expect(root.hasAttribute('data-streaming')).toBe(false);
		expect(root.querySelector('[data-cursor]')).toBeNull();
		expect(root.querySelector('p')).toBe(intro);
	});

	it('shows the cursor alone while a reply has no text yet', async () => {
		const { props, target } = show('', true);
		const root = await rendered(target);
		expect(root.hasAttribute('data-streaming')).toBe(true);
		expect(getComputedStyle(root, '::after').content).toContain('▍');
		props.text = 'Hello';
		await rendered(target, 'Hello');
		expect(root.querySelector('p')?.hasAttribute('data-cursor')).toBe(true);
	});

	it('copies a code block with its button, also while the reply is being written', async () => {
		const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
		const { props, target } = show('```py\nprint(0)\n', true);
		const root = await rendered(target);
		let line = 1;
		const writer = setInterval(() => (props.text += `print(${line++})\n`), 10);
		try {
			await vi.waitFor(() => expect(root.textContent).toContain('print(5)'));
			const button = root.querySelector('button');
			expect(button).not.toBeNull();
			// A real pointer click: mouse down and up on a button that must outlive the frames between.
			await userEvent.click(button as HTMLButtonElement);
			await vi.waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
			const copied = writeText.mock.calls[0]?.[0] ?? '';
			expect(copied).toMatch(/^print\(0\)\nprint\(1\)\n[\s\S]*print\(5\)\n/);
			// It still says so while the reply goes on.
			await frame();
			await frame();
			expect(button?.textContent).toBe('Copied');
			expect(root.querySelector('button')).toBe(button);
		} finally {
			clearInterval(writer);
		}
		props.streaming = false;
		await vi.waitFor(() => expect(root.querySelector('button')?.textContent).toBe('Copy code'), {
			timeout: 4000
		});
	});

	it('runs none of the payloads, whether streamed or shown whole', async () => {
		delete window.__xss;
		const whole = show(MARKDOWN_PAYLOADS.join('\n\n'));
		const streamed = show('', true);
		for (const payload of MARKDOWN_PAYLOADS) {
			// Arrive in pieces, as a reply does: a tag cut in two must not become one either.
			for (let at = 0; at < payload.length; at += 7) {
				streamed.props.text += payload.slice(at, at + 7);
				await frame();
			}
			streamed.props.text += '\n\n';
		}
		streamed.props.streaming = false;
		for (const { target } of [whole, streamed]) {
			const root = await rendered(target, 'quoted');
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(dangers(root)).toEqual([]);
		}
		expect(window.__xss).toBeUndefined();
	});

	it(
		'renders a 20 KB reply with code, whole or streamed, a frame at a time',
		{ retry: 2 },
		async () => {
			// The renderer's chunk is loaded, and the grammars compiled (MessageBody has that done
			// in idle time), before the measure.
			await rendered(show('Warm up.').target);
			await loadHighlighter();
			const reply = longReply(20_000);
			// What one task would take to show it all: the machine's speed at the moment.
			const host = document.createElement('div');
			document.body.append(host);
			let atOnce = Infinity;
			for (let run = 0; run < 3; run++) {
				const started = performance.now();
				host.innerHTML = renderMarkdown(reply);
				void host.offsetHeight;
				atOnce = Math.min(atOnce, performance.now() - started);
				host.textContent = '';
				await frame();
			}
			host.remove();

			// The rendering work of each frame (the frame queue runs in animation frames) and of the
			// task that mounts the message; and the page's long tasks (with layout and paint, but
			// also anything else the test machine does meanwhile).
			const steps: number[] = [];
			const requestFrame = window.requestAnimationFrame;
			vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) =>
				requestFrame((time) => {
					const began = performance.now();
					callback(time);
					steps.push(performance.now() - began);
				})
			);
			const longTasks: number[] = [];
			const observer = new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
			});
			observer.observe({ type: 'longtask' });

			const shown = performance.now();
			const whole = show(reply);
			flushSync();
			// Mounted, and as much rendered at once as the budget of the task allows.
			steps.push(performance.now() - shown);
			await rendered(whole.target, LONG_REPLY_END);
			const wholeMs = performance.now() - shown;
			const streamed = show('', true);
			const streaming = performance.now();
			for (let at = 0; at < reply.length; at += 300) {
				streamed.props.text = reply.slice(0, at + 300);
				await frame();
			}
			streamed.props.streaming = false;
			await rendered(streamed.target, LONG_REPLY_END);
			const streamedMs = performance.now() - streaming;
			await frame();
			for (const entry of observer.takeRecords()) longTasks.push(Math.round(entry.duration));
			observer.disconnect();

			const longest = Math.max(...steps);
			console.info(
				`${reply.length} characters: ${Math.round(atOnce)} ms in one task; shown whole in ` +
					`${Math.round(wholeMs)} ms, streamed in ${Math.round(streamedMs)} ms; ` +
					`${steps.length} frames of rendering, the longest ${Math.round(longest)} ms; ` +
					`tasks over 50 ms: ${longTasks.join(', ') || 'none'}`
			);
			// On a busy machine (other tests run beside this one) everything takes longer: the bound
			// grows with what one task takes, so that what is tested is that the work is split.
			expect(longest).toBeLessThanOrEqual(Math.max(50, atOnce / 2));
		}
	);
});
