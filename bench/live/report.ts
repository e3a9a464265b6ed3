import { median } from '../measure';
import { duration } from '../device/report';
import { quantile } from '../reliability/sampling';
import type { CrossDeviceFigures } from './cross-device';
import type { OfflineDeviceFigures } from './offline-device';
import type { ReconnectFigures } from './reconnect';

/** What the live section measured. */
export interface LiveResults {
	crossDevice: readonly CrossDeviceFigures[];
	reconnects: readonly ReconnectFigures[];
	offline: OfflineDeviceFigures;
}

/** What the table says about the run. */
export interface LiveFacts {
	browser: string;
	warmups: { crossDevice: number; reconnects: number };
}

/** A change on one device shows on another within this, median. */
export const CROSS_DEVICE_TARGET_MS = 300;
/** Back online, the device has the server's answer to what it sent offline within this, median. */
export const RECONNECT_TARGET_MS = 200;
/** Opened offline, the app shell paints within this, median. */
export const OFFLINE_SHELL_TARGET_MS = 500;

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
	const { crossDevice, reconnects, offline } = results;
	return [
		`Live on every device: Chromium ${facts.browser}, two browser contexts of one account, the production build (\`node build\`) on PostgreSQL 15, the model provider a local fake that answers at once; ` +
			`${crossDevice.length} messages from one device to the other and ${reconnects.length} reconnections, after ${facts.warmups.crossDevice} and ${facts.warmups.reconnects} unmeasured; ` +
			`on a third device ${offline.deliveryMs.length} messages delivered with every tab closed and ${offline.offlineShellMs.length} offline loads of the app shell at phone size.`,
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
			'Device A back online → the server’s answer to the push of what it sent offline',
			reconnects.map((f) => f.acknowledgedMs),
			RECONNECT_TARGET_MS
		),
		row(
			'Device A back online → the message it sent offline stored',
			reconnects.map((f) => f.messageMs)
		),
		row(
			'Device A back online → the reply to that message stored complete',
			reconnects.map((f) => f.replyMs)
		),
		row(
			'Every tab closed, back online → the queued message stored (Background Sync)',
			offline.deliveryMs
		),
		row(
			'Offline, service worker stopped: a new tab → first contentful paint',
			offline.offlineShellMs,
			OFFLINE_SHELL_TARGET_MS
		),
		row('… until the message box shows', offline.offlineReadyMs)
	].join('\n');
}
