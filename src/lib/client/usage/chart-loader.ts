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
			return Chart;
		}
	);
	return loading;
}
