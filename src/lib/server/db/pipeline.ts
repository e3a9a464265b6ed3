/**
 * Awaits statements sent in one pipeline. When one fails, the transaction is aborted and every
 * later one fails too, and the driver may settle those first; this rejects with the first
 * failure in the order the statements were sent, the one that says what went wrong.
 */
export async function pipeline<T extends readonly unknown[]>(
	promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]
): Promise<T> {
	const settled = await Promise.allSettled(promises);
	for (const result of settled) if (result.status === 'rejected') throw result.reason;
	return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
