import { SIGNED_IN_COOKIE } from '../../src/lib/protocol/auth';
import { seedShowcaseAccount } from '../../tests/support/showcase-account';
import { startServer } from '../../tests/support/server-process';
import { withCleanups } from '../interrupt';
import type { BenchSettings } from '../settings';
import { runLighthouse, type LighthouseFigures } from './lighthouse-run';
import { uiReport, type PageRuns } from './report';

/** A page Lighthouse looks at, and whether it is signed in. */
interface LighthousePage {
	name: string;
	path: string;
	signedIn: boolean;
}

const PAGES: LighthousePage[] = [
	{ name: 'Sign-in (signed out)', path: '/', signedIn: false },
	{ name: 'Chat (signed in)', path: '/', signedIn: true },
	{ name: 'Usage (signed in)', path: '/usage', signedIn: true }
];

/**
 * The `ui` section of `npm run bench`: Lighthouse 12 (mobile, its default simulated throttling)
 * on the production build (`node build`) on a throwaway embedded database, for the sign-in page,
 * the chat of a signed-in account with a markdown reply and a month of usage, and its usage
 * page; each `settings.uiRuns` times, taking turns, in a new headless Chromium each. Prints one
 * table and the audits that failed. Needs `npm run build` first.
 */
export async function uiBench(settings: BenchSettings, log: (line: string) => void): Promise<void> {
	if (!settings.sections.has('ui')) return;
	await withCleanups(async (cleanups) => {
		const server = await startServer({ launcher: 'node-build', startTimeoutMs: 180_000 });
		cleanups.push(() => server.stop());
		const account = await seedShowcaseAccount(server.url);
		// Both cookies of a sign-in: the session and its readable companion.
		const cookie = `${account.cookie}; ${SIGNED_IN_COOKIE}=1`;
		const runs = new Map<string, LighthouseFigures[]>(PAGES.map((p) => [p.name, []]));
		for (let run = 0; run < settings.uiRuns; run++) {
			for (const page of PAGES) {
				const headers: Record<string, string> = page.signedIn ? { Cookie: cookie } : {};
				const figures = await runLighthouse(`${server.url}${page.path}`, headers);
				runs.get(page.name)?.push(figures);
				log(`Lighthouse ${page.name}, run ${run + 1}: performance ${figures.scores.performance}`);
			}
		}
		const pages: PageRuns[] = PAGES.map((p) => ({ name: p.name, runs: runs.get(p.name) ?? [] }));
		console.log(`\n${uiReport(pages)}`);
	});
}
