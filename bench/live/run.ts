import { chromium } from '@playwright/test';
import { openPostgresDatabase } from '../../src/lib/server/db/postgres-database';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium';
import { signUp } from '../../tests/support/api-client';
import { startFakeProvider } from '../../tests/support/fake-provider';
import { startPostgres } from '../../tests/support/postgres-server';
import { createDatabase, newSessionSecret, startServer } from '../../tests/support/server-process';
import { withCleanups } from '../interrupt';
import type { BenchSettings } from '../settings';
import { crossDeviceRound, type CrossDeviceFigures } from './cross-device';
import { openTwoDevices } from './devices';
import { offlineDeviceRounds } from './offline-device';
import { reconnectRound, type ReconnectFigures } from './reconnect';
import { liveReport } from './report';

/** Messages from one device to the other: unmeasured, then measured. */
const CROSS_DEVICE = { warmups: 3, rounds: 20 };
/** Reconnections of a device with a message waiting: unmeasured, then measured. */
const RECONNECTS = { warmups: 2, rounds: 10 };
/** Deliveries with every tab closed, and offline loads of the app shell (after one unmeasured). */
const OFFLINE_DEVICE = { deliveries: 5, shellLoads: 10 };

/**
 * The `live` section of `npm run bench`: a throwaway PostgreSQL, the production build on it
 * (`node build`) with a fake model provider that answers at once, and two Chromium contexts
 * of one account; prints one table. Needs `npm run build` first. Stops everything it started,
 * also on SIGINT or SIGTERM.
 */
export async function liveBench(settings: BenchSettings, log: (line: string) => void) {
	if (!settings.sections.has('live')) return;
	await withCleanups(async (cleanups) => {
		const postgres = await startPostgres();
		cleanups.push(() => postgres.stop());
		const fake = await startFakeProvider();
		cleanups.push(() => fake.close());
		fake.setDefault({ kind: 'reply', chunks: 1 });
		const databaseUrl = await createDatabase(postgres.url);
		const server = await startServer({
			databaseUrl,
			sessionSecret: newSessionSecret(),
			startTimeoutMs: 120_000,
			launcher: 'node-build',
			env: { LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-small' }
		});
		cleanups.push(() => server.stop());
		const db = openPostgresDatabase(databaseUrl, { max: 1 });
		cleanups.push(() => db.close());
		// Closed here, in order, also on a signal: Playwright's own handlers would exit first.
		const browser = await chromium.launch({
			...chromiumLaunchOptions(),
			handleSIGINT: false,
			handleSIGTERM: false
		});
		cleanups.push(() => browser.close());
		const account = await signUp(server.url);
		const [a, b] = await openTwoDevices(browser, server.url, account);
		cleanups.push(
			() => a.context.close(),
			() => b.context.close()
		);
		log('two devices signed in, the chat open on both');

		const crossDevice: CrossDeviceFigures[] = [];
		for (let round = 0; round < CROSS_DEVICE.warmups + CROSS_DEVICE.rounds; round++) {
			const figures = await crossDeviceRound(a, b);
			if (round >= CROSS_DEVICE.warmups) crossDevice.push(figures);
		}
		log(`measured ${crossDevice.length} messages across devices`);
		const reconnects: ReconnectFigures[] = [];
		for (let round = 0; round < RECONNECTS.warmups + RECONNECTS.rounds; round++) {
			const figures = await reconnectRound(a, db, account.user.id);
			if (round >= RECONNECTS.warmups) reconnects.push(figures);
		}
		log(`measured ${reconnects.length} reconnections`);
		const offline = await offlineDeviceRounds(browser, server.url, account, db, OFFLINE_DEVICE);
		log(
			`measured ${offline.deliveryMs.length} deliveries with every tab closed and ${offline.offlineShellMs.length} offline loads`
		);
		const warmups = { crossDevice: CROSS_DEVICE.warmups, reconnects: RECONNECTS.warmups };
		console.log(
			`\n${liveReport({ crossDevice, reconnects, offline }, { browser: browser.version(), warmups })}`
		);
	});
}
