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
