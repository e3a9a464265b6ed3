import { newEmail, postJson, signUp, type Account } from '../../tests/support/api-client';
import { failedRow, floodRow, inParallel, OBSERVERS, runFlood } from './abuse-harness';
import type { ScenarioResult } from './report';
import { countStatus } from './sampling';
import { scaled, type RunSettings } from './settings';

/**
 * The longest a sequential flood may run: a server that makes each attempt slow (a password
 * hash of half a second on a busy machine) would otherwise hold the whole run for minutes.
 */
const FLOOD_BUDGET_MS = 45_000;

/** Notes how many of `count` attempts were made within the budget, when not all were. */
function budgetNote(made: number, count: number, notes: string[]): void {
	if (made < count)
		notes.push(
			`**only ${made} of ${count} attempts made in the ${FLOOD_BUDGET_MS / 1000} s budget**`
		);
}

/** Adds the Retry-After finding of the 429s to a case's notes. */
function retryAfterNote(with429: number, withRetryAfter: number, notes: string[]): boolean {
	if (with429 === 0) {
		notes.push('**never 429**');
		return false;
	}
	notes.push(`${withRetryAfter} of ${with429} 429s with Retry-After`);
	return withRetryAfter === with429;
}

/** (c1) Wrong passwords in a row for one account. */
export async function wrongPasswords(
	settings: RunSettings,
	postgresUrl: string
): Promise<ScenarioResult> {
	const count = scaled(settings, 200, 20);
	const scenario = `${count} wrong passwords in a row for one account`;
	const target = '401 up to LOGIN_RATE_LIMIT (10), then 429 with Retry-After';
	try {
		let retryAfterOk = false;
		const figures = await runFlood(
			settings,
			'postgres',
			postgresUrl,
			({ server }) => signUp(server.url),
			async ({ server }, victim: Account, statuses, notes) => {
				let with429 = 0;
				let withRetryAfter = 0;
				let first429 = 0;
				const deadline = performance.now() + FLOOD_BUDGET_MS;
				let made = 0;
				for (let i = 0; i < count && performance.now() < deadline; i++, made++) {
					try {
						const response = await postJson(server.url, '/api/auth/login', {
							email: victim.email,
							password: `wrong password ${i}`
						});
						await response.arrayBuffer();
						countStatus(statuses, response.status);
						if (response.status === 429) {
							with429++;
							if (first429 === 0) first429 = i + 1;
							if (response.headers.get('retry-after')) withRetryAfter++;
						}
					} catch {
						countStatus(statuses, 'error');
					}
				}
				retryAfterOk = retryAfterNote(with429, withRetryAfter, notes);
				if (first429 > 0) notes.push(`first 429 at attempt ${first429}`);
				budgetNote(made, count, notes);
			}
		);
		return floodRow(scenario, 'postgres', target, figures, retryAfterOk);
	} catch (error) {
		return failedRow(scenario, target, error);
	}
}

/** (c2) Parallel logins for emails that have no account, while other users pull. */
export async function unknownEmailLogins(
	settings: RunSettings,
	postgresUrl: string
): Promise<ScenarioResult> {
	const count = scaled(settings, 50, 10);
	const scenario = `${count} parallel logins for unknown emails`;
	const target = '401, or 429 beyond the per-address limit';
	try {
		const figures = await runFlood(
			settings,
			'postgres',
			postgresUrl,
			async () => undefined,
			async ({ server }, _none, statuses) => {
				await inParallel(count, count, async (i) => {
					try {
						const response = await postJson(server.url, '/api/auth/login', {
							email: newEmail(),
							password: `unknown account ${i}`
						});
						await response.arrayBuffer();
						countStatus(statuses, response.status);
					} catch {
						countStatus(statuses, 'error');
					}
				});
			}
		);
		return floodRow(scenario, 'postgres', target, figures);
	} catch (error) {
		return failedRow(scenario, target, error);
	}
}

/** (d) A signup flood from one address. */
export async function signupFlood(
	settings: RunSettings,
	postgresUrl: string
): Promise<ScenarioResult> {
	const count = scaled(settings, 200, 20);
	const scenario = `${count} signups from one address, 20 at a time`;
	const target = `201 up to SIGNUP_RATE_LIMIT (10 an hour, the ${OBSERVERS} observers’ included), then 429 with Retry-After`;
	try {
		let retryAfterOk = false;
		const figures = await runFlood(
			settings,
			'postgres',
			postgresUrl,
			async () => undefined,
			async ({ server }, _none, statuses, notes) => {
				let with429 = 0;
				let withRetryAfter = 0;
				const deadline = performance.now() + FLOOD_BUDGET_MS;
				let made = 0;
				await inParallel(count, 20, async (i) => {
					if (performance.now() > deadline) return;
					made++;
					try {
						const response = await postJson(server.url, '/api/auth/signup', {
							email: newEmail(),
							password: `flood password ${i} long enough`
						});
						await response.arrayBuffer();
						countStatus(statuses, response.status);
						if (response.status === 429) {
							with429++;
							if (response.headers.get('retry-after')) withRetryAfter++;
						}
					} catch {
						countStatus(statuses, 'error');
					}
				});
				retryAfterOk = retryAfterNote(with429, withRetryAfter, notes);
				budgetNote(made, count, notes);
				const created = statuses['201'] ?? 0;
				if (created > 10 - OBSERVERS) notes.push(`**${created} accounts created**`);
			}
		);
		const bounded = (figures.statuses['201'] ?? 0) <= 10 - OBSERVERS;
		return floodRow(scenario, 'postgres', target, figures, retryAfterOk && bounded);
	} catch (error) {
		return failedRow(scenario, target, error);
	}
}
