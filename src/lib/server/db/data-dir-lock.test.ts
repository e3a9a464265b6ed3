import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	DataDirLockedError,
	lockDataDir,
	parseLockHolder,
	processStartTime
} from './data-dir-lock';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const hasProc = existsSync('/proc/self/stat');

describe('lockDataDir', () => {
	let dir: string;
	let lockFile: string;
	const children: ChildProcess[] = [];

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'outpost-lock-'));
		lockFile = join(dir, 'outpost.lock');
	});
	afterEach(() => {
		for (const child of children.splice(0)) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	});

	/** The pid of a process that is running (and stays running until the test ends). */
	function livePid(): number {
		const child = spawn('sleep', ['30'], { stdio: 'ignore' });
		children.push(child);
		if (child.pid === undefined) throw new Error('could not start sleep');
		return child.pid;
	}

	/** The pid of a process that has exited and been reaped. */
	function deadPid(): number {
		const result = spawnSync('true');
		if (result.pid === undefined || result.status !== 0) throw new Error('could not run true');
		return result.pid;
	}

	/** The process the lock file names. */
	const lockPid = () => parseLockHolder(readFileSync(lockFile, 'utf8'))?.pid;

	it('writes this process id to the lock file and removes the file on release', () => {
		const release = lockDataDir(dir);
		expect(lockPid()).toBe(process.pid);
		release();
		expect(existsSync(lockFile)).toBe(false);
	});

	it.runIf(hasProc)('records the start time and the boot of this process beside its id', () => {
		const release = lockDataDir(dir);
		expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual({
			pid: process.pid,
			startTime: processStartTime(process.pid),
			bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
		});
		release();
	});

	it('refuses with DataDirLockedError naming the folder and the process when a live process holds the lock', () => {
		const pid = livePid();
		writeFileSync(lockFile, String(pid));
		let thrown: unknown;
		try {
			lockDataDir(dir);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DataDirLockedError);
		const error = thrown as DataDirLockedError;
		expect(error).toMatchObject({ name: 'DataDirLockedError', code: 'data_dir_locked', dir, pid });
		expect(error.message).toBe(
			`The data directory ${dir} is already in use by process ${pid}. ` +
				'Stop that process, or set DATA_DIR to another folder.'
		);
		expect(readFileSync(lockFile, 'utf8')).toBe(String(pid));
	});

	it.each([
		['names a process that has exited', () => String(deadPid())],
		['is empty', () => ''],
		['holds no number', () => 'not a pid'],
		[
			'names this very process (left by an earlier run that had the same pid)',
			() => String(process.pid)
		]
	])('takes over a lock file that %s', (_name, content) => {
		writeFileSync(lockFile, content());
		const release = lockDataDir(dir);
		expect(lockPid()).toBe(process.pid);
		release();
		expect(existsSync(lockFile)).toBe(false);
	});

	it('takes the lock once the process that held it has exited', async () => {
		const pid = livePid();
		writeFileSync(lockFile, String(pid));
		expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
		const child = children.pop();
		const exited = new Promise((resolve) => child?.once('exit', resolve));
		child?.kill('SIGKILL');
		await exited;
		const release = lockDataDir(dir);
		expect(lockPid()).toBe(process.pid);
		release();
	});

	it('leaves a lock file alone on release once another process has taken it over', () => {
		const release = lockDataDir(dir);
		const pid = livePid();
		writeFileSync(lockFile, String(pid));
		release();
		expect(readFileSync(lockFile, 'utf8')).toBe(String(pid));
	});

	it('releases without error when the lock file is already gone', () => {
		const release = lockDataDir(dir);
		rmSync(lockFile);
		expect(() => release()).not.toThrow();
	});

	describe('when the pid of a lock now names another process', () => {
		it.runIf(hasProc)(
			'takes over a lock whose live pid started at another time (pid reuse)',
			() => {
				const pid = livePid();
				const startTime = processStartTime(pid);
				expect(startTime).toBeDefined();
				const earlier = String(Number(startTime) - 1);
				writeFileSync(lockFile, JSON.stringify({ pid, startTime: earlier }));
				const release = lockDataDir(dir);
				expect(lockPid()).toBe(process.pid);
				release();
			}
		);

		it.runIf(hasProc)('takes over a lock written during another boot of the machine', () => {
			const pid = livePid();
			const startTime = processStartTime(pid);
			writeFileSync(lockFile, JSON.stringify({ pid, startTime, bootId: 'another-boot' }));
			const release = lockDataDir(dir);
			expect(lockPid()).toBe(process.pid);
			release();
		});

		it.runIf(hasProc)('refuses a lock whose live pid started at the recorded time', () => {
			const pid = livePid();
			writeFileSync(lockFile, JSON.stringify({ pid, startTime: processStartTime(pid) }));
			expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
			expect(parseLockHolder(readFileSync(lockFile, 'utf8'))?.pid).toBe(pid);
		});

		it('falls back to the pid alone where /proc is missing', () => {
			const pid = livePid();
			writeFileSync(lockFile, JSON.stringify({ pid, startTime: '1', bootId: 'another-boot' }));
			expect(() => lockDataDir(dir, { proc: join(dir, 'no-proc') })).toThrow(DataDirLockedError);
		});

		it('refuses a lock in the old format (a bare pid) of a live process', () => {
			const pid = livePid();
			writeFileSync(lockFile, `${pid}`);
			expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
		});

		it.runIf(hasProc)('refuses while a second Outpost process holds the lock', async () => {
			const holder = spawn(
				process.execPath,
				[
					'--import',
					'tsx',
					'--input-type=module',
					'-e',
					`import { lockDataDir } from ${JSON.stringify(join(ROOT, 'src/lib/server/db/data-dir-lock.ts'))};
					lockDataDir(${JSON.stringify(dir)});
					console.log('locked');
					setInterval(() => {}, 1000);`
				],
				{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
			);
			children.push(holder);
			await new Promise<void>((resolve, reject) => {
				holder.stdout?.on('data', (chunk: Buffer) => {
					if (chunk.toString().includes('locked')) resolve();
				});
				holder.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
			});
			expect(() => lockDataDir(dir)).toThrow(
				expect.objectContaining({ name: 'DataDirLockedError', pid: holder.pid })
			);
		});
	});

	describe('processStartTime', () => {
		it('reads field 22 after a command name with spaces and parentheses', () => {
			const proc = join(dir, 'proc');
			mkdirSync(join(proc, '4242'), { recursive: true });
			const rest = Array.from({ length: 50 }, (_, i) => String(i + 3));
			writeFileSync(join(proc, '4242', 'stat'), `4242 (a b) (c)) ${rest.join(' ')}\n`);
			expect(processStartTime(4242, proc)).toBe('22');
		});

		it('is undefined for a process that does not exist', () => {
			expect(processStartTime(4242, join(dir, 'no-proc'))).toBeUndefined();
		});
	});
});
