import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushRequest } from '../../src/lib/protocol/push';
import { pullAll, push, signUp, usage } from './api-client';
import { newPgliteDataDir } from './pglite-template';
import { batch, message, session } from './records';
import {
	newSessionSecret,
	serverDatabase,
	startServer,
	type ServerBackend,
	type ServerOptions
} from './server-process';

/** How to run one crash: the backend, the sizes, and how the server is started. */
export interface CrashOptions {
	backend: ServerBackend;
	/** The PostgreSQL server to create a database on (unused for PGlite). */
	postgresUrl: string;
	/** The PgBouncer in front of it (for the backend 'pgbouncer'). */
	pgbouncerUrl?: string;
	batches: number;
	messagesPerBatch: number;
	/** Pushes under way at once. */
	inFlight: number;
	/** The server is killed once this many batches have been acknowledged. */
	killAfterAcks: number;
	launcher?: ServerOptions['launcher'];
	env?: Record<string, string>;
}

/** What a crash and the replay after it left in the database. */
export interface CrashOutcome {
	batches: number;
	messages: number;
	/** Batches acknowledged (200) before the kill. */
	acknowledged: number;
	/** Of the batches not acknowledged: how many were already stored whole, and none of. */
	storedUnacknowledged: number;
	/** Batches with some but not all of their messages stored, before the replay. */
	partial: number;
	/** Acknowledged batches with a message missing after the restart. */
	lostAcknowledged: number;
	/** Answers to the replays, by status. */
	replayStatuses: Record<string, number>;
	/** After the replay: messages missing, and messages stored more than once (by content). */
	missing: number;
	doubled: number;
	/** Messages counted as sent in the user's usage, and how many should be. */
	usageSent: number;
	restartMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pushes batches of new messages to a server, kills it with SIGKILL once `killAfterAcks` are
 * acknowledged, restarts it on the same data, checks that every batch is stored whole or not
 * at all, resends every unacknowledged batch (same batchId, same body) and counts what is
 * stored and what usage says.
 */
export async function crashAndReplay(options: CrashOptions): Promise<CrashOutcome> {
	const dataDir = mkdtempSync(join(tmpdir(), 'outpost-crash-'));
	if (options.backend === 'pglite') await newPgliteDataDir(dataDir);
	const server = {
		dataDir,
		sessionSecret: newSessionSecret(),
		startTimeoutMs: 120_000,
		...(options.launcher ? { launcher: options.launcher } : {}),
		...(options.env ? { env: options.env } : {}),
		...(await serverDatabase(options.backend, options))
	};
	let first = await startServer(server);
	try {
		const account = await signUp(first.url);
		const opening = await push(first.url, account, batch([await session('crash')]));
		if (opening.status !== 200) throw new Error(`the session push answered ${opening.status}`);
		const bodies: PushRequest[] = [];
		for (let b = 0; b < options.batches; b++) {
			const records = await Promise.all(
				Array.from({ length: options.messagesPerBatch }, (_, m) =>
					message(`b${b}-m${m}`, 'crash', { content: `batch ${b} message ${m}` })
				)
			);
			bodies.push(batch(records, `crash-batch-${b}`));
		}
		const acknowledged = new Set<number>();
		let next = 0;
		const url = first.url;
		const pusher = async () => {
			for (let b = next++; b < bodies.length; b = next++) {
				try {
					const response = await push(url, account, bodies[b]);
					await response.arrayBuffer();
					if (response.status === 200) acknowledged.add(b);
				} catch {
					// The server is gone: this batch stays unacknowledged.
				}
			}
		};
		const pushing = Promise.all(Array.from({ length: options.inFlight }, pusher));
		while (acknowledged.size < options.killAfterAcks && next < bodies.length) await sleep(2);
		process.kill(first.pid, 'SIGKILL');
		await pushing;
		await first.stop();
		const ackedAtKill = new Set(acknowledged);

		const restartStarted = performance.now();
		first = await startServer(server);
		const restartMs = performance.now() - restartStarted;
		const storedIds = (records: Awaited<ReturnType<typeof pullAll>>) =>
			records.filter((r) => r.type === 'message' && r.op === 'upsert').map((r) => r.id);
		const before = new Set(storedIds(await pullAll(first.url, account)));
		let partial = 0;
		let lostAcknowledged = 0;
		let storedUnacknowledged = 0;
		bodies.forEach((body, b) => {
			const held = body.records.filter((r) => before.has((r as { id: string }).id)).length;
			if (held > 0 && held < body.records.length) partial++;
			if (ackedAtKill.has(b) && held < body.records.length) lostAcknowledged++;
			if (!ackedAtKill.has(b) && held === body.records.length) storedUnacknowledged++;
		});

		const replayStatuses: Record<string, number> = {};
		for (const [b, body] of bodies.entries()) {
			if (ackedAtKill.has(b)) continue;
			const response = await push(first.url, account, body);
			await response.arrayBuffer();
			replayStatuses[response.status] = (replayStatuses[response.status] ?? 0) + 1;
		}

		const after = (await pullAll(first.url, account)).filter(
			(r) => r.type === 'message' && r.op === 'upsert'
		);
		const byContent = new Map<string, number>();
		for (const record of after) {
			const content = String((record.data as { content?: unknown } | undefined)?.content);
			byContent.set(content, (byContent.get(content) ?? 0) + 1);
		}
		const messages = options.batches * options.messagesPerBatch;
		let missing = 0;
		let doubled = 0;
		for (const body of bodies) {
			for (const record of body.records) {
				const count =
					byContent.get(String((record as { data: { content: string } }).data.content)) ?? 0;
				if (count === 0) missing++;
				if (count > 1) doubled += count - 1;
			}
		}
		const days = await usage(first.url, account, '2026-01-05', '2026-01-05');
		return {
			batches: options.batches,
			messages,
			acknowledged: ackedAtKill.size,
			storedUnacknowledged,
			partial,
			lostAcknowledged,
			replayStatuses,
			missing,
			doubled,
			usageSent: days.reduce((sum, day) => sum + day.messagesSent, 0),
			restartMs
		};
	} finally {
		await first.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}
