/** The colours the usage charts draw with, resolved for the theme in force. */
export interface ChartColours {
	text: string;
	muted: string;
	grid: string;
	surface: string;
	/** One colour per series of a chart, in order. */
	series: [string, string];
}

/** The design tokens (src/app.css) each series is drawn in, in order. */
export const SERIES_TOKENS = ['--brand', '--warn'] as const;

/**
 * Reads the design tokens as colours a canvas can draw with. The tokens are `light-dark()`
 * pairs, and a custom property's computed value is the pair as written; a `color` set from the
 * token computes to the one colour in force, so each token is resolved through a hidden probe
 * element inside `host` (which inherits `color-scheme` from the page).
 */
export function readChartColours(host: Element): ChartColours {
	const probe = document.createElement('span');
	probe.hidden = true;
	host.append(probe);
	const colour = (token: string) => {
		probe.style.color = `var(${token})`;
		return getComputedStyle(probe).color;
	};
	try {
		return {
			text: colour('--text'),
			muted: colour('--muted'),
			grid: colour('--line'),
			surface: colour('--surface'),
			series: [colour(SERIES_TOKENS[0]), colour(SERIES_TOKENS[1])]
		};
	} finally {
		probe.remove();
	}
}

/**
 * Calls `onchange` when the theme may have changed: the page's choice (`data-theme` on
 * `<html>`, src/lib/client/theme/) or the system's light or dark setting. Returns the function
 * that stops watching.
 */
export function watchTheme(onchange: () => void): () => void {
	const root = document.documentElement;
	const observer = new MutationObserver(onchange);
	observer.observe(root, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
	const system = matchMedia('(prefers-color-scheme: dark)');
	system.addEventListener('change', onchange);
	return () => {
		observer.disconnect();
		system.removeEventListener('change', onchange);
	};
}
