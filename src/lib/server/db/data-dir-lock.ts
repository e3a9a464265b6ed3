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

/** Who holds a lock: a process, and when it started where the system can tell. */
export interface LockHolder {
	pid: number;
	/** Field 22 of /proc/<pid>/stat: clock ticks from boot to the process's start. */
	startTime?: string;
	/** /proc/sys/kernel/random/boot_id: which boot of the machine the start time counts from. */
	bootId?: string;
}

/** Where to read process information; tests point it at a folder without /proc. */
export interface LockOptions {
	proc?: string;
}

function readText(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/**
 * The start time of process `pid` (field 22 of /proc/<pid>/stat), or undefined where /proc
 * cannot tell (no /proc, no such process). The command name (field 2) may hold spaces and
 * parentheses, so the fields are counted from the last `)`.
 */
export function processStartTime(pid: number, proc = '/proc'): string | undefined {
	const stat = readText(join(proc, String(pid), 'stat'));
	if (stat === undefined) return undefined;
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state), so field 22 is fields[19].
	const startTime = fields[19];
	return startTime !== undefined && /^\d+$/.test(startTime) ? startTime : undefined;
}

/** This machine's boot id, or undefined where /proc cannot tell. */
function bootId(proc: string): string | undefined {
	return readText(join(proc, 'sys', 'kernel', 'random', 'boot_id'))?.trim() || undefined;
}

/** The holder record of process `pid` as this machine describes it now. */
function holderOf(pid: number, proc: string): LockHolder {
	const startTime = processStartTime(pid, proc);
	const boot = bootId(proc);
	return {
		pid,
		...(startTime !== undefined ? { startTime } : {}),
		...(boot !== undefined ? { bootId: boot } : {})
	};
}

/**
 * Reads a lock file: JSON `{ pid, startTime?, bootId? }`, or a bare pid as written by earlier
 * versions. Undefined when it names no process.
 */
export function parseLockHolder(text: string): LockHolder | undefined {
	let holder: LockHolder | undefined;
	try {
		const value = JSON.parse(text) as unknown;
		if (typeof value === 'number') holder = { pid: value };
		else if (value && typeof value === 'object' && 'pid' in value) {
			const { pid, startTime, bootId } = value as Record<string, unknown>;
			holder = {
				pid: Number(pid),
				...(typeof startTime === 'string' ? { startTime } : {}),
				...(typeof bootId === 'string' ? { bootId } : {})
			};
		}
	} catch {
		return undefined;
	}
	return holder && Number.isInteger(holder.pid) && holder.pid > 0 ? holder : undefined;
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
 * Whether the process a lock file names still runs. A live pid alone is not enough: after a
 * reboot, or in a new container, the pid may belong to an unrelated process. When the lock and
 * the system both know the start time (and the boot), they must match; where /proc is missing
 * or the lock comes from an older version, a live pid counts.
 */
export function holdsLock(holder: LockHolder, proc = '/proc'): boolean {
	if (!isAlive(holder.pid)) return false;
	const now = holderOf(holder.pid, proc);
	if (holder.bootId !== undefined && now.bootId !== undefined && holder.bootId !== now.bootId) {
		return false;
	}
	if (holder.startTime !== undefined && now.startTime !== undefined) {
		return holder.startTime === now.startTime;
	}
	return true;
}

/**
 * Takes the lock file of `dir` for this process, or throws DataDirLockedError when a live
 * process holds it. A lock left by a process that has exited, or whose pid now names another
 * process, is taken over. Returns the release function.
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it.
 */
export function lockDataDir(dir: string, options: LockOptions = {}): () => void {
	const proc = options.proc ?? '/proc';
	const file = join(dir, 'outpost.lock');
	const content = JSON.stringify(holderOf(process.pid, proc));
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx');
			writeSync(fd, content);
			closeSync(fd);
			return () => {
				try {
					if (readFileSync(file, 'utf8') === content) rmSync(file);
				} catch {
					// Already gone: nothing to release.
				}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = parseLockHolder(readFileSync(file, 'utf8'));
			if (holder && holder.pid !== process.pid && holdsLock(holder, proc)) {
				throw new DataDirLockedError(dir, holder.pid);
			}
			rmSync(file, { force: true });
		}
	}
	throw new Error(`could not take the lock file ${file}`);
}
