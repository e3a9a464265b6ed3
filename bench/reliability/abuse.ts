import { oddBodies } from './abuse-bodies';
import { crossSite } from './abuse-cross-site';
import { abandonedPulls, chatFlood, chatFloodFloor } from './abuse-floods';
import { failedRow } from './abuse-harness';
import { signupFlood, unknownEmailLogins, wrongPasswords } from './abuse-logins';
import type { ScenarioResult } from './report';
import type { RunSettings } from './settings';

/** Every abuse case, one after another, each on a fresh database and server. */
export async function abuseFamily(
	settings: RunSettings,
	postgresUrl: string,
	log: (line: string) => void
): Promise<ScenarioResult[]> {
	const rows: ScenarioResult[] = [];
	const step = async (name: string, run: () => Promise<ScenarioResult | ScenarioResult[]>) => {
		log(`abuse: ${name}`);
		try {
			const result = await run();
			rows.push(...(Array.isArray(result) ? result : [result]));
		} catch (error) {
			rows.push(failedRow(name, 'runs', error));
		}
	};
	await step('chat flood', () => chatFlood(settings, postgresUrl));
	await step('chat flood against a bare server', () => chatFloodFloor(settings));
	await step('abandoned pulls on PGlite', () => abandonedPulls(settings, postgresUrl, 'pglite'));
	await step('abandoned pulls on PostgreSQL', () =>
		abandonedPulls(settings, postgresUrl, 'postgres')
	);
	await step('wrong passwords', () => wrongPasswords(settings, postgresUrl));
	await step('unknown-email logins', () => unknownEmailLogins(settings, postgresUrl));
	await step('signup flood', () => signupFlood(settings, postgresUrl));
	await step('odd bodies', () => oddBodies(postgresUrl));
	await step('cross-site requests', () => crossSite(postgresUrl));
	return rows;
}
