import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ProviderError } from './model-provider';

/** `60 s`, `1.5 s`, `300 ms`. */
export function readableDuration(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * How long a `retry-after-ms` or `retry-after` header (seconds or an HTTP date) asks to wait,
 * in milliseconds; undefined when there is none or it cannot be read.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
	const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
	if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
	const value = headers?.get('retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for a provider that sent nothing for `timeoutMs`. */
export function timeoutError(timeoutMs: number): ProviderError {
	return new ProviderError(
		'timeout',
		`The model provider did not answer within ${readableDuration(timeoutMs)}.`
	);
}

/** The error for a reply stream that ended before the provider said it was finished. */
export function droppedError(cause?: unknown): ProviderError {
	return new ProviderError('dropped', 'The reply stream dropped before it ended.', { cause });
}

/** The error for an HTTP status the provider answered instead of a reply. */
export function statusError(
	status: number,
	headers: Headers | undefined,
	model: string,
	cause?: unknown
): ProviderError {
	const wait = retryAfterMs(headers);
	const options = { status, cause, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
	if (status === 401 || status === 403) {
		return new ProviderError(
			'auth',
			`The model provider refused the API key (${status}).`,
			options
		);
	}
	if (status === 429) {
		return new ProviderError(
			'rate',
			'The model provider is rate limiting (429); trying again later.',
			options
		);
	}
	if (status === 408) {
		return new ProviderError(
			'timeout',
			'The model provider did not answer in time (408).',
			options
		);
	}
	if (status >= 500) {
		return new ProviderError('server', `The model provider failed (${status}).`, options);
	}
	return new ProviderError(
		'refused',
		`The model provider refused the request (${status}); the model "${model}" may not exist.`,
		options
	);
}

/**
 * Turns what the `openai` client threw into a ProviderError. `streaming` says whether the reply
 * had begun to arrive: a broken connection then means the stream dropped.
 */
export function providerErrorFrom(
	error: unknown,
	context: { model: string; timeoutMs: number; streaming: boolean }
): ProviderError {
	if (error instanceof ProviderError) return error;
	if (error instanceof APIConnectionTimeoutError) return timeoutError(context.timeoutMs);
	if (error instanceof APIConnectionError) {
		return new ProviderError('server', 'The model provider cannot be reached.', { cause: error });
	}
	if (error instanceof APIError) {
		if (error.status !== undefined) {
			return statusError(error.status, error.headers, context.model, error);
		}
		// An error object sent inside the event stream, after a 200.
		return new ProviderError('server', 'The model provider failed while replying.', {
			cause: error
		});
	}
	if (error instanceof SyntaxError) {
		return new ProviderError('server', 'The model provider sent a reply that could not be read.', {
			cause: error
		});
	}
	if (context.streaming) return droppedError(error);
	return new ProviderError('server', 'The model provider cannot be reached.', { cause: error });
}
