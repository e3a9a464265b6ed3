import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';

/** The parent of every running process, read from /proc. */
function parents(): Map<number, number> {
	const map = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			map.set(Number(entry), ppid);
		} catch {
			// It exited while the list was read.
		}
	}
	return map;
}

/** Every process below `pid`: npm's shell, if any, and the server it started. */
function descendants(pid: number): number[] {
	const map = parents();
	const found: number[] = [];
	let frontier = [pid];
	while (frontier.length > 0) {
		const next = [...map].filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
		found.push(...next);
		frontier = next;
	}
	return found;
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
	const deadline = Date.now() + ms;
	while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
	return done();
}

async function answers(url: string): Promise<boolean> {
	try {
		await (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
		return true;
	} catch {
		return false;
	}
}

describe.runIf(existsSync('/proc/self/stat'))('npm start', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'outpost-npm-start-'));
	const lockFile = join(dataDir, 'outpost.lock');
	let started: number[] = [];
	let server: ServerProcess | undefined;

	beforeAll(() => {
		rmSync(lockFile, { force: true });
	});
	afterEach(async () => {
		await server?.stop();
		// Whatever outlived npm (the bug this guards against) is ended here.
		for (const pid of started) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
		started = [];
	});
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it.each(['SIGTERM', 'SIGINT'] as const)(
		'stops the server on %s, freeing its port and its DATA_DIR lock',
		async (signal) => {
			server = await startServer({
				launcher: 'npm-start',
				dataDir,
				env: { npm_config_update_notifier: 'false', npm_config_fund: 'false' }
			});
			started = descendants(server.pid);
			expect(started.length).toBeGreaterThan(0);
			expect(existsSync(lockFile)).toBe(true);

			await server.signal(signal);

			expect(await until(() => !started.some(isRunning), 10_000)).toBe(true);
			expect(await answers(server.url)).toBe(false);
			expect(existsSync(lockFile)).toBe(false);
		},
		90_000
	);
});
