/**
 * Keeps the app inside the part of the screen the user can see. When a phone's on-screen
 * keyboard opens, some browsers (iOS Safari; Chrome without `interactive-widget=resizes-content`)
 * shrink only the visual viewport and leave the layout viewport, and so a `100dvh` page, under
 * the keyboard: the composer and Send would hide behind it. This sets `--app-height` (and
 * `--app-top`, the visual viewport's offset) on <html> from `visualViewport`, which the shell's
 * height follows. Returns the function that stops it.
 */
export function followVisualViewport(window: Window): () => void {
	const viewport = window.visualViewport;
	if (!viewport) return () => {};
	const style = window.document.documentElement.style;
	let frame = 0;
	const update = () => {
		frame = 0;
		style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
		style.setProperty('--app-top', `${Math.round(viewport.offsetTop)}px`);
	};
	// Resize and scroll come in bursts while the keyboard slides: one update a frame.
	const schedule = () => {
		if (frame === 0) frame = window.requestAnimationFrame(update);
	};
	update();
	viewport.addEventListener('resize', schedule);
	viewport.addEventListener('scroll', schedule);
	return () => {
		viewport.removeEventListener('resize', schedule);
		viewport.removeEventListener('scroll', schedule);
		if (frame !== 0) window.cancelAnimationFrame(frame);
		style.removeProperty('--app-height');
		style.removeProperty('--app-top');
	};
}
