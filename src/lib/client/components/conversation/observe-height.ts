/**
 * A Svelte action: calls `onheight` with the element's border-box height whenever it changes,
 * from a ResizeObserver alone, which reports it once the browser has laid the page out anyway.
 * (`bind:offsetHeight` also reads the height as the element mounts, and that read lays the
 * whole page out inside the task that changed it.)
 */
export function observeHeight(element: HTMLElement, onheight: (height: number) => void) {
	let report = onheight;
	const observer = new ResizeObserver(([entry]) => {
		const box = entry?.borderBoxSize[0];
		if (box) report(box.blockSize);
	});
	observer.observe(element);
	return {
		update(next: (height: number) => void) {
			report = next;
		},
		destroy() {
			observer.disconnect();
		}
	};
}
