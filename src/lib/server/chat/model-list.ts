/** A provider's model ids, or why they could not be read. */
export type ModelListResult = { ok: true; models: string[] } | { ok: false; error: unknown };

/** How long a list is kept. */
export interface ModelListTimes {
	/** A list read: ~5 minutes. */
	ttlMs?: number;
	/** A failure, so that a provider that is down is not asked on every call. */
	failureTtlMs?: number;
	now?: () => number;
}

/** A list read is kept this long. */
export const MODEL_LIST_TTL_MS = 5 * 60_000;
/** A failed read is remembered this long. */
export const MODEL_LIST_FAILURE_TTL_MS = 10_000;

/**
 * Wraps `read` (one request to the provider) so that its answer is kept for `ttlMs` and a
 * failure for `failureTtlMs`, and callers at the same moment share one request.
 */
export function cachedModelList(
	read: () => Promise<string[]>,
	{
		ttlMs = MODEL_LIST_TTL_MS,
		failureTtlMs = MODEL_LIST_FAILURE_TTL_MS,
		now = Date.now
	}: ModelListTimes = {}
): () => Promise<ModelListResult> {
	let kept: { result: ModelListResult; until: number } | undefined;
	let reading: Promise<ModelListResult> | undefined;
	return () => {
		if (kept && now() < kept.until) return Promise.resolve(kept.result);
		reading ??= read()
			.then(
				(models): ModelListResult => ({ ok: true, models }),
				(error: unknown): ModelListResult => ({ ok: false, error })
			)
			.then((result) => {
				kept = { result, until: now() + (result.ok ? ttlMs : failureTtlMs) };
				reading = undefined;
				return result;
			});
		return reading;
	};
}
