import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium';
import { startPostgres } from '../../tests/support/postgres-server';
import { startBuild } from '../reliability/servers';
import { withCleanups } from '../interrupt';
import type { BenchSettings } from '../settings';
import { measureDevices, type DeviceRunFigures } from './device-run';
import { deviceReport } from './report';
import { seedHistory } from './seeded-history';
import { measureWorkerDiff } from './worker-diff';
import type { WorkerDiffFigures } from './worker-diff/page';

/**
 * The device sections of `npm run bench` (`device`, `worker`): a throwaway PostgreSQL, the
 * production build on it (`node build`), Debian's Chromium; prints one table. Needs
 * `npm run build` first. Stops everything it started, also on SIGINT or SIGTERM.
 */
export async function deviceBench(
	settings: BenchSettings,
	log: (line: string) => void
): Promise<void> {
	const { sections, deviceSizes: sizes, deviceRuns: runs } = settings;
	if (!sections.has('device') && !sections.has('worker')) return;
	await withCleanups(async (cleanups) => {
		const postgres = await startPostgres();
		cleanups.push(() => postgres.stop());
		const server = await startBuild('postgres', postgres.url);
		cleanups.push(() => server.stop());
		// Closed here, in order, also on a signal: Playwright's own handlers would exit first.
		const browser = await chromium.launch({
			...chromiumLaunchOptions(),
			handleSIGINT: false,
			handleSIGTERM: false
		});
		cleanups.push(() => browser.close());
		let devices = new Map<number, DeviceRunFigures[]>();
		if (sections.has('device')) {
			const histories = [];
			for (const size of sizes) histories.push(await seedHistory(server.url, size));
			log(`seeded ${sizes.join(' and ')} messages`);
			devices = await measureDevices(browser, server.url, histories, runs, log);
		}
		let workers = new Map<number, WorkerDiffFigures>();
		if (sections.has('worker')) {
			workers = await measureWorkerDiff(browser, server.url, sizes, runs);
			log('measured the worker diff');
		}
		console.log(
			`\n${deviceReport({ sizes, devices, workers }, { browser: browser.version(), runs })}`
		);
	});
}
