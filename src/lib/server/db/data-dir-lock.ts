import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process holds the data directory. */
export class DataDirLockedError extends Error {
	override name = 'DataDirLockedError';
	readonly code = 'data_dir_locked';
	constructor(
		readonly dir: string,
		readonly pid: number
	) {
		super(
			`The data directory ${dir} is already in use by process ${pid}. ` +
				'Stop that process, or set DATA_DIR to another folder.'
		);
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Takes the lock file of `dir` for this process, or throws DataDirLockedError when a live
 * process holds it. A lock left by a dead process is taken over. Returns the release function.
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it.
 */
export function lockDataDir(dir: string): () => void {
	const file = join(dir, 'outpost.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return () => {
				try {
					if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file);
				} catch {
					// Already gone: nothing to release.
				}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const pid = Number(readFileSync(file, 'utf8'));
			if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
				throw new DataDirLockedError(dir, pid);
			}
			rmSync(file, { force: true });
		}
	}
	throw new Error(`could not take the lock file ${file}`);
}
