import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium';
import { startPostgres } from '../../tests/support/postgres-server';
import { startBuild } from '../reliability/servers';
import { cleanUpOnInterrupt, wasInterrupted } from '../interrupt';
import type { BenchSettings } from '../settings';
import { measureDevices, type DeviceRunFigures } from './device-run';
import { deviceReport } from './report';
import { seedHistory } from './seeded-history';
import { measureWorkerDiff } from './worker-diff';
import type { WorkerDiffFigures } from './worker-diff/page';

/** Undoes what was started, newest first, whatever failed. */
export async function unwind(cleanups: (() => unknown)[]): Promise<void> {
	for (const cleanup of cleanups.reverse()) {
		try {
			await cleanup();
		} catch (error) {
			console.error('cleanup failed:', error);
		}
	}
}

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
	const cleanups: (() => unknown)[] = [];
	let unwound: Promise<void> | undefined;
	const cleanUp = () => (unwound ??= unwind(cleanups));
	const uninstall = cleanUpOnInterrupt(cleanUp);
	try {
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
	} catch (error) {
		// A step cut short by the signal's cleanup: its error says nothing.
		if (wasInterrupted()) {
			await cleanUp();
			process.exit(130);
		}
		throw error;
	} finally {
		uninstall();
		await cleanUp();
	}
}
