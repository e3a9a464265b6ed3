import type { Chart } from 'chart.js';

let loading: Promise<typeof Chart> | undefined;

/**
 * Chart.js, loaded on first use and registered with only what a stacked bar chart needs, so
 * that the usage page shows its words and numbers before the charting code has arrived.
 */
export function loadChart(): Promise<typeof Chart> {
	loading ??= import('chart.js').then(
		({ BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip }) => {
			Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
			// The page's own font, already found: looking up Chart.js's default list of fonts
			// (Helvetica Neue, Helvetica, Arial) first costs the first chart tens of milliseconds.
			Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
			return Chart;
		}
	);
	return loading;
}

let turns: Promise<void> = Promise.resolve();

/**
 * Resolves in a task of its own, after the charts that asked before it: charts draw one per
 * task, so that input waits for one chart's drawing at most, not for all of them.
 */
export function chartTurn(): Promise<void> {
	const turn = turns.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
	turns = turn;
	return turn;
}
