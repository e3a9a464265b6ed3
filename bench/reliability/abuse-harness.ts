import { signUp, type Account } from '../../tests/support/api-client';
import type { ServerBackend, ServerProcess } from '../../tests/support/server-process';
import type { ScenarioResult } from './report';
import {
	formatCounts,
	healthy,
	ms,
	samplePulls,
	serverErrors,
	watchRss,
	type LatencyFigures,
	type StatusCounts
} from './sampling';
import { alive, backendName, PRODUCTION_LIMITS, startBuild } from './servers';
import type { RunSettings } from './settings';

/** The shortest time the other user's pulls are sampled for, from the start of a flood. */
const MIN_SAMPLING_MS = 2000;

/** What one flood did to the server and to other users. */
export interface FloodFigures {
	statuses: StatusCounts;
	/** Whether the process is alive and `/api/health` answered 200 right after the flood. */
	up: boolean;
	pull: LatencyFigures;
	peakRssMb: number;
	killedAtCeiling: boolean;
	seconds: number;
	/** Anything else worth a line in the report. */
	notes: string[];
}

/** Users whose pulls are timed during a flood (in turn, each under its own sync limit). */
export const OBSERVERS = 3;

/** A server for one abuse case and the other users who pull during the flood. */
export interface AbuseStage {
	server: ServerProcess;
	backend: ServerBackend;
	observers: Account[];
}

/**
 * Runs one abuse case on a fresh database of `backend`, on a server with the production
 * limits: `prepare` sets up what the flood needs, then `flood` runs while other users pull
 * every 50 ms (for at least 2 s from its start) and the server's memory is sampled every 100 ms;
 * health is checked right after.
 */
export async function runFlood<T>(
	settings: RunSettings,
	backend: ServerBackend,
	postgresUrl: string,
	prepare: (stage: AbuseStage) => Promise<T>,
	flood: (stage: AbuseStage, prepared: T, statuses: StatusCounts, notes: string[]) => Promise<void>
): Promise<FloodFigures> {
	const server = await startBuild(backend, postgresUrl, { ...PRODUCTION_LIMITS });
	try {
		const observers: Account[] = [];
		for (let i = 0; i < OBSERVERS; i++) observers.push(await signUp(server.url));
		const stage = { server, backend, observers };
		const prepared = await prepare(stage);
		const statuses: StatusCounts = {};
		const notes: string[] = [];
		const rss = watchRss(server.pid, settings.rssCeilingMb);
		const { pull, seconds } = await whilePulling(
			server.url,
			observers.map((o) => o.token),
			() => flood(stage, prepared, statuses, notes)
		);
		const up = alive(server.pid) && (await healthy(server.url));
		const { peakMb, killedAtCeiling } = rss.stop();
		return { statuses, up, pull, peakRssMb: peakMb, killedAtCeiling, seconds, notes };
	} finally {
		await server.stop();
	}
}

/**
 * Runs `flood` while other users (`tokens`) pull from `url`, sampled from a process of their
 * own once warmed up, for at least 2 s from the flood's start: the pulls' figures and how long
 * the flood took.
 */
export async function whilePulling(
	url: string,
	tokens: readonly string[],
	flood: () => Promise<void>
): Promise<{ pull: LatencyFigures; seconds: number }> {
	const pulls = samplePulls(url, tokens);
	await pulls.ready;
	const started = performance.now();
	await flood();
	const seconds = (performance.now() - started) / 1000;
	// A flood over in a moment still gets 40 samples of the other user's pulls: right after
	// it, the server may still be working on what it was sent.
	const tail = started + MIN_SAMPLING_MS - performance.now();
	if (tail > 0) await new Promise((resolve) => setTimeout(resolve, tail));
	return { pull: await pulls.stop(), seconds };
}

/** The common targets of a flood: no 5xx, still up, the other user's pull p99 and the memory. */
export function floodMet(figures: FloodFigures): boolean {
	return (
		serverErrors(figures.statuses) === 0 &&
		figures.up &&
		figures.pull.p99 < 250 &&
		figures.peakRssMb < 1024
	);
}

/** The measured cell of a flood's row. */
export function floodSeen(figures: FloodFigures): string {
	const pull = figures.pull;
	const otherStatuses = Object.keys(pull.statuses).length
		? `, other answers ${formatCounts(pull.statuses)}`
		: '';
	return [
		`answers: ${formatCounts(figures.statuses)}`,
		`flood over in ${figures.seconds.toFixed(1)} s`,
		`health after the sampling: ${figures.up ? '200' : figures.killedAtCeiling ? '**killed at the memory ceiling**' : '**no answer within 5 s**'}`,
		`other users' pull p50 ${ms(pull.p50)}, p99 ${ms(pull.p99)} (${pull.samples} pulls, ${pull.failed} failed${otherStatuses}; ${connectionSplit(pull)})`,
		`peak RSS ${figures.peakRssMb.toFixed(0)} MB`,
		...figures.notes
	].join('; ');
}

/**
 * `p99 12 ms on an open connection (58), 1,210 ms on a new one (3)`: the pulls that had to open
 * a connection wait in the kernel's accept queue behind the flood's connections.
 */
export function connectionSplit(pull: LatencyFigures): string {
	const part = (figures: { samples: number; p99: number }, where: string) =>
		`${ms(figures.p99)} on ${where} (${figures.samples})`;
	return `p99 ${part(pull.onOpenConnection, 'an open connection')}, ${part(pull.onNewConnection, 'a new one')}`;
}

/** The common part of a flood's target. */
export const FLOOD_TARGET = 'no 5xx; up after; other pull p99 < 250 ms; RSS < 1 GB';

/** A row for one flood. */
export function floodRow(
	scenario: string,
	backend: ServerBackend,
	target: string,
	figures: FloodFigures,
	extraMet = true
): ScenarioResult {
	return {
		family: 'abuse',
		scenario: `${scenario} (${backendName(backend)})`,
		target: `${target}; ${FLOOD_TARGET}`,
		seen: floodSeen(figures),
		met: extraMet && floodMet(figures)
	};
}

/** Runs `tasks` with at most `limit` at once. */
export async function inParallel(count: number, limit: number, task: (i: number) => Promise<void>) {
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < count; i = next++) await task(i);
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** A row saying a case could not run, and why. */
export function failedRow(scenario: string, target: string, error: unknown): ScenarioResult {
	const message = error instanceof Error ? error.message : String(error);
	return {
		family: 'abuse',
		scenario,
		target,
		seen: `could not run: ${message.split('\n')[0]?.slice(0, 300)}`,
		met: false
	};
}
