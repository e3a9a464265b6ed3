import { median } from '../measure';
import { duration } from '../device/report';
import { quantile } from '../reliability/sampling';
import type { CrossDeviceFigures } from './cross-device';
import type { ReconnectFigures } from './reconnect';

/** What the live section measured. */
export interface LiveResults {
	crossDevice: readonly CrossDeviceFigures[];
	reconnects: readonly ReconnectFigures[];
}

/** What the table says about the run. */
export interface LiveFacts {
	browser: string;
	warmups: { crossDevice: number; reconnects: number };
}

/** A change on one device shows on another within this, median. */
export const CROSS_DEVICE_TARGET_MS = 300;

function row(step: string, values: readonly number[], limit?: number): string {
	const cells = [median(values), quantile(values, 0.9), Math.max(...values)].map((v) =>
		values.length === 0 ? '–' : duration(v)
	);
	const target = limit === undefined ? '–' : `median ≤ ${duration(limit)}`;
	const met =
		limit === undefined || values.length === 0 ? '–' : median(values) <= limit ? 'yes' : '**no**';
	return `| ${step} | ${cells.join(' | ')} | ${target} | ${met} |`;
}

/** The live section's Markdown table, with a line on what was run. */
export function liveReport(results: LiveResults, facts: LiveFacts): string {
	const { crossDevice, reconnects } = results;
	return [
		`Live on every device: Chromium ${facts.browser}, two browser contexts of one account, the production build (\`node build\`) on PostgreSQL 15, the model provider a local fake that answers at once; ` +
			`${crossDevice.length} messages from one device to the other and ${reconnects.length} reconnections, after ${facts.warmups.crossDevice} and ${facts.warmups.reconnects} unmeasured.`,
		'',
		'| step | median | p90 | max | target | met |',
		'| --- | ---: | ---: | ---: | --- | :-: |',
		row(
			'Send on device A (click) → the message on device B’s screen',
			crossDevice.map((f) => f.messageMs),
			CROSS_DEVICE_TARGET_MS
		),
		row(
			'… of which until device A’s push is on the wire',
			crossDevice.map((f) => f.pushedMs)
		),
		row(
			'… until that push is answered',
			crossDevice.map((f) => f.pushAnsweredMs)
		),
		row(
			'… until device B starts the pull that brings the message',
			crossDevice.map((f) => f.pullStartedMs)
		),
		row(
			'… until that pull is answered',
			crossDevice.map((f) => f.pullAnsweredMs)
		),
		row(
			'Send on device A (click) → the server’s reply on device B’s screen',
			crossDevice.map((f) => f.replyMs)
		),
		row(
			'Device A back online → the message it sent offline stored',
			reconnects.map((f) => f.messageMs)
		),
		row(
			'Device A back online → the reply to that message stored complete',
			reconnects.map((f) => f.replyMs)
		)
	].join('\n');
}
