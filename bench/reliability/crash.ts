import { crashAndReplay, type CrashOutcome } from '../../tests/support/crash-replay';
import type { ServerBackend } from '../../tests/support/server-process';
import type { ScenarioResult } from './report';
import { formatCounts, ms } from './sampling';
import { backendName } from './servers';
import { scaled, type RunSettings } from './settings';

/** Adds up several crashes of one backend. */
function total(outcomes: readonly CrashOutcome[]) {
	const sum = (pick: (o: CrashOutcome) => number) => outcomes.reduce((n, o) => n + pick(o), 0);
	const statuses: Record<string, number> = {};
	for (const o of outcomes)
		for (const [status, n] of Object.entries(o.replayStatuses))
			statuses[status] = (statuses[status] ?? 0) + n;
	return {
		batches: sum((o) => o.batches),
		messages: sum((o) => o.messages),
		acknowledged: sum((o) => o.acknowledged),
		storedUnacknowledged: sum((o) => o.storedUnacknowledged),
		partial: sum((o) => o.partial),
		lostAcknowledged: sum((o) => o.lostAcknowledged),
		missing: sum((o) => o.missing),
		doubled: sum((o) => o.doubled),
		usageSent: sum((o) => o.usageSent),
		restartMs: Math.max(...outcomes.map((o) => o.restartMs)),
		statuses
	};
}

/** SIGKILL while batches are applied, on PGlite and PostgreSQL, a few times each. */
export async function crashFamily(
	settings: RunSettings,
	postgresUrl: string,
	log: (line: string) => void
): Promise<ScenarioResult[]> {
	const rounds = scaled(settings, 3);
	const batches = scaled(settings, 150, 12);
	const perBatch = 50;
	const rows: ScenarioResult[] = [];
	for (const backend of ['pglite', 'postgres'] as ServerBackend[]) {
		const outcomes: CrashOutcome[] = [];
		const started = performance.now();
		for (let round = 0; round < rounds; round++) {
			log(`crash: ${backendName(backend)}, round ${round + 1} of ${rounds}`);
			outcomes.push(
				await crashAndReplay({
					backend,
					postgresUrl,
					batches,
					messagesPerBatch: perBatch,
					inFlight: 4,
					// A different moment in each round.
					killAfterAcks: Math.max(1, Math.round((batches * (round + 1)) / (rounds + 2))),
					launcher: 'node-build'
				})
			);
		}
		const t = total(outcomes);
		const replayOk = Object.keys(t.statuses).every((s) => s === '200');
		rows.push({
			family: 'crash',
			scenario: `${rounds} kills × ${batches} batches of ${perBatch} messages, 4 in flight (${backendName(backend)})`,
			target: '0 partial, 0 lost, 0 doubled, usage exact, replays 200',
			seen:
				`${t.acknowledged} batches acknowledged before the kills, ${t.storedUnacknowledged} stored whole without an answer; ` +
				`partial ${t.partial}; acknowledged but lost ${t.lostAcknowledged}; replays ${formatCounts(t.statuses)}; ` +
				`after: missing ${t.missing}, doubled ${t.doubled}; usage ${t.usageSent} of ${t.messages}; ` +
				`restart ≤ ${ms(t.restartMs)}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
			met:
				t.partial === 0 &&
				t.lostAcknowledged === 0 &&
				t.missing === 0 &&
				t.doubled === 0 &&
				t.usageSent === t.messages &&
				replayOk
		});
	}
	return rows;
}
