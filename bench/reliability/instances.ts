import { pullAll, push, signUp, usage } from '../../tests/support/api-client';
import { batch, message, session } from '../../tests/support/records';
import { createDatabase, newSessionSecret, startServer } from '../../tests/support/server-process';
import { inParallel } from './abuse-harness';
import type { ScenarioResult } from './report';
import { countStatus, formatCounts, type StatusCounts } from './sampling';
import { scaled, type RunSettings } from './settings';

/**
 * Two servers over one PostgreSQL database: batches alternate between them, every fourth goes to
 * both at once; then every message must be stored once and counted once.
 */
export async function instancesFamily(
	settings: RunSettings,
	postgresUrl: string,
	log: (line: string) => void
): Promise<ScenarioResult[]> {
	const batches = scaled(settings, 1000, 20);
	const perBatch = 5;
	const databaseUrl = await createDatabase(postgresUrl);
	const sessionSecret = newSessionSecret();
	const options = { databaseUrl, sessionSecret, launcher: 'node-build' as const };
	log(`instances: ${batches} batches over two servers`);
	const servers = await Promise.all([startServer(options), startServer(options)]);
	try {
		const [a, b] = servers;
		if (!a || !b) throw new Error('two servers did not start');
		const account = await signUp(a.url);
		const opening = await push(b.url, account, batch([await session('both')]));
		if (opening.status !== 200) throw new Error(`the session push answered ${opening.status}`);
		const statuses: StatusCounts = {};
		let twice = 0;
		let differing = 0;
		const started = performance.now();
		await inParallel(batches, 8, async (i) => {
			const records = await Promise.all(
				Array.from({ length: perBatch }, (_, m) =>
					message(`i${i}-m${m}`, 'both', { content: `instance batch ${i} message ${m}` })
				)
			);
			const body = batch(records, `instances-${i}`);
			const targets = i % 4 === 3 ? [a, b] : [i % 2 === 0 ? a : b];
			if (targets.length === 2) twice++;
			const answers = await Promise.all(
				targets.map(async (server) => {
					try {
						const response = await push(server.url, account, body);
						const text = await response.text();
						countStatus(statuses, response.status);
						return text;
					} catch {
						countStatus(statuses, 'error');
						return 'error';
					}
				})
			);
			if (answers.length === 2 && answers[0] !== answers[1]) differing++;
		});
		const seconds = (performance.now() - started) / 1000;
		const stored = (await pullAll(b.url, account)).filter(
			(r) => r.type === 'message' && r.op === 'upsert'
		);
		const contents = new Map<string, number>();
		for (const r of stored) {
			const content = String((r.data as { content?: unknown } | undefined)?.content);
			contents.set(content, (contents.get(content) ?? 0) + 1);
		}
		const expected = batches * perBatch;
		let missing = 0;
		let doubled = 0;
		for (let i = 0; i < batches; i++) {
			for (let m = 0; m < perBatch; m++) {
				const n = contents.get(`instance batch ${i} message ${m}`) ?? 0;
				if (n === 0) missing++;
				if (n > 1) doubled += n - 1;
			}
		}
		const days = await usage(a.url, account, '2026-01-05', '2026-01-05');
		const sent = days.reduce((sum, d) => sum + d.messagesSent, 0);
		const all200 = Object.keys(statuses).every((s) => s === '200');
		return [
			{
				family: 'instances',
				scenario: `${batches} batches of ${perBatch} messages, 8 in flight, alternating over two servers, ${twice} sent to both at once`,
				target: 'every answer 200, both copies the same; 0 lost, 0 doubled, usage exact',
				seen:
					`answers ${formatCounts(statuses)}; ${differing} pairs answered differently; ` +
					`missing ${missing}, doubled ${doubled}; usage ${sent} of ${expected}; ` +
					`${(batches / seconds).toFixed(0)} batches/s`,
				met: all200 && differing === 0 && missing === 0 && doubled === 0 && sent === expected
			}
		];
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
	}
}
