import type { Browser } from '@playwright/test';
import { openDevice } from './device';
import { openStep, type OpenFigures } from './open-step';
import { pushNewestMessage, type SeededHistory } from './seeded-history';
import { sendStep, type SendFigures } from './send-step';
import { signInStep, type SignInFigures } from './sign-in-step';

/** Openings of the conversation per device run. */
export const OPENS_PER_RUN = 3;

/** Messages sent per device run, each once the previous reply is on the server. */
export const SENDS_PER_RUN = 3;

/** How long a person takes to read a reply and type the next message. */
const READING_MS = 3000;

/** What one new device measured. */
export interface DeviceRunFigures {
	signIn: SignInFigures;
	opens: OpenFigures[];
	sends: SendFigures[];
}

/**
 * One new device of a seeded account: another device first adds a newest message (over
 * HTTP); then this one signs in, opens the conversation a few times from the chat list, and
 * sends a few messages, each replied to by the demo model.
 */
export async function deviceRun(
	browser: Browser,
	baseUrl: string,
	history: SeededHistory,
	run: number
): Promise<DeviceRunFigures> {
	const newest = await pushNewestMessage(baseUrl, history, run);
	const device = await openDevice(browser, baseUrl, history, newest);
	try {
		const signIn = await signInStep(device);
		const opens: OpenFigures[] = [];
		for (let i = 0; i < OPENS_PER_RUN; i++) opens.push(await openStep(device));
		const sends: SendFigures[] = [];
		for (let i = 0; i < SENDS_PER_RUN; i++) {
			// A person reads the reply and types the next message: seconds, not milliseconds.
			if (i > 0) await device.page.waitForTimeout(READING_MS);
			sends.push(await sendStep(device));
		}
		return { signIn, opens, sends };
	} finally {
		await device.close();
	}
}

/**
 * Measures `runs` new devices per history after one unmeasured device each; the histories
 * take turns, so that a slow minute of the machine falls on all sizes alike.
 */
export async function measureDevices(
	browser: Browser,
	baseUrl: string,
	histories: readonly SeededHistory[],
	runs: number,
	log: (line: string) => void
): Promise<Map<number, DeviceRunFigures[]>> {
	const figures = new Map(histories.map((h) => [h.size, [] as DeviceRunFigures[]]));
	for (let run = 0; run <= runs; run++) {
		for (const history of histories) {
			const measured = await deviceRun(browser, baseUrl, history, run);
			if (run > 0) figures.get(history.size)?.push(measured);
			log(
				`device ${run === 0 ? 'warm-up' : `run ${run}/${runs}`} at ${history.size}: ` +
					`signed in ${Math.round(measured.signIn.syncedMs)} ms, ` +
					`opened ${Math.round(measured.opens[0]?.shownMs ?? 0)} ms, ` +
					`pushed ${Math.round(measured.sends[0]?.pushMs ?? 0)} ms`
			);
		}
	}
	return figures;
}
