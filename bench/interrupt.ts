let signalled = false;

/** Whether SIGINT or SIGTERM has interrupted the run. */
export const wasInterrupted = () => signalled;

/**
 * Until the returned function is called, SIGINT or SIGTERM runs `cleanup` (stopping what the
 * benchmark started) and exits with 130.
 */
export function cleanUpOnInterrupt(cleanup: () => unknown): () => void {
	const interrupted = () => {
		signalled = true;
		void Promise.resolve()
			.then(cleanup)
			.catch((error: unknown) => console.error('cleanup failed:', error))
			.finally(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	return () => {
		process.off('SIGINT', interrupted);
		process.off('SIGTERM', interrupted);
	};
}

/** Runs `cleanups` last to first, each even if one before it failed. */
async function unwind(cleanups: (() => unknown)[]): Promise<void> {
	for (const cleanup of cleanups.reverse()) {
		try {
			await cleanup();
		} catch (error) {
			console.error('cleanup failed:', error);
		}
	}
}

/**
 * Runs a benchmark section that starts servers, databases and browsers: `run` pushes a cleanup
 * for each thing it starts, and they are run last to first when it ends, when it fails, and on
 * SIGINT or SIGTERM (then the process exits with 130).
 */
export async function withCleanups(
	run: (cleanups: (() => unknown)[]) => Promise<void>
): Promise<void> {
	const cleanups: (() => unknown)[] = [];
	let unwound: Promise<void> | undefined;
	const cleanUp = () => (unwound ??= unwind(cleanups));
	const uninstall = cleanUpOnInterrupt(cleanUp);
	try {
		await run(cleanups);
	} catch (error) {
		// A step cut short by the signal's cleanup: its error says nothing.
		if (wasInterrupted()) {
			await cleanUp();
			process.exit(130);
		}
		throw error;
	} finally {
		uninstall();
		await cleanUp();
	}
}
