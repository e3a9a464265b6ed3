import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

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

	it('writes this process id to the lock file and removes the file on release', () => {
		const release = lockDataDir(dir);
		expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(lockFile)).toBe(false);
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
		expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
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
		expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
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
});
