// Installed in every page of a benchmark device before the app's own scripts (Playwright's
// `addInitScript`, as a file: a function would be serialised from tsx's output, whose name
// helpers do not exist in the page). Records, in the page's clock (`performance.now()`):
// main-thread long tasks, clicks, and when watched texts reach the screen. Nothing here reads
// the app's state: only what a person sees and does, and what the browser reports.
(() => {
	const probe = {
		/** @type {{ start: number, duration: number }[]} Main-thread tasks over 50 ms. */
		longTasks: [],
		/** @type {{ at: number, name: string }[]} Clicks: when, and the button's name (its label or text). */
		clicks: [],
		/** @type {Record<string, number[]>} Each watched text: the times it appeared on screen. */
		seen: {},
		/** @param {string[]} texts Texts to note from now on whenever they are added to the page. */
		watch(texts) {
			for (const text of texts) probe.seen[text] ??= [];
		}
	};

	new PerformanceObserver((list) => {
		for (const entry of list.getEntries())
			probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
	}).observe({ type: 'longtask', buffered: true });

	// Capturing on the window, this runs before the app's own handlers; `timeStamp` is when the
	// input arrived, even when the main thread was busy then.
	addEventListener(
		'click',
		(event) => {
			const target = event.target instanceof Element ? event.target.closest('button, a') : null;
			const name = target?.getAttribute('aria-label') ?? target?.textContent?.trim() ?? '';
			probe.clicks.push({ at: event.timeStamp, name });
		},
		true
	);

	/**
	 * Notes `texts` as seen once the frame that shows them is painted: the next animation frame
	 * runs before that frame's rendering, a task posted from it runs after.
	 * @param {string[]} texts
	 */
	const noteAfterPaint = (texts) =>
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => {
				const now = performance.now();
				for (const text of texts) probe.seen[text]?.push(now);
			};
			channel.port2.postMessage(null);
		});

	// Only the added or changed nodes are read, so the cost follows what the app renders.
	new MutationObserver((records) => {
		const watched = Object.keys(probe.seen);
		if (watched.length === 0) return;
		/** @type {Set<string>} */
		const found = new Set();
		for (const record of records) {
			const nodes = record.type === 'characterData' ? [record.target] : record.addedNodes;
			for (const node of nodes) {
				const text = node.textContent;
				if (!text) continue;
				for (const wanted of watched) if (text.includes(wanted)) found.add(wanted);
			}
		}
		if (found.size > 0) noteAfterPaint([...found]);
	}).observe(document, { childList: true, subtree: true, characterData: true });

	Object.defineProperty(window, '__outpostBench', { value: probe });
})();
