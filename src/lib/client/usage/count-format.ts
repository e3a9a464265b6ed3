/**
 * Counts written the English way, by hand as `dayLabel` writes days: the page is in English,
 * and the first `Intl.NumberFormat` of a page loads the locale data, which costs a phone tens
 * of milliseconds in the task that shows the totals.
 */

/** `1234567` → `1,234,567`; negative and fractional counts keep their sign and decimals. */
export function formatCount(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	const [whole = '', fraction] = Math.abs(value).toString().split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

const SUFFIXES = ['', 'K', 'M', 'B', 'T'];

/** An axis label: `950`, `1.2K`, `12K`, `3.4M`, one decimal below ten of a unit. */
export function formatCompact(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	const size = Math.abs(value);
	let step = 0;
	while (step < SUFFIXES.length - 1 && size >= 1000 ** (step + 1)) step++;
	if (step === 0) return formatCount(Math.round(value * 100) / 100);
	let scaled = size / 1000 ** step;
	scaled = scaled >= 10 ? Math.round(scaled) : Math.round(scaled * 10) / 10;
	// Rounded up to a thousand of a unit: the next unit, so that 999,950 is 1M and not 1000K.
	if (scaled >= 1000 && step < SUFFIXES.length - 1) {
		step++;
		scaled = 1;
	}
	return `${value < 0 ? '-' : ''}${scaled}${SUFFIXES[step]}`;
}
