/**
 * Until the returned function is called, SIGINT or SIGTERM runs `cleanup` (stopping what the
 * benchmark started) and exits with 130.
 */
export function cleanUpOnInterrupt(cleanup: () => unknown): () => void {
	const interrupted = () =>
		void Promise.resolve()
			.then(cleanup)
			.catch((error: unknown) => console.error('cleanup failed:', error))
			.finally(() => process.exit(130));
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	return () => {
		process.off('SIGINT', interrupted);
		process.off('SIGTERM', interrupted);
	};
}
