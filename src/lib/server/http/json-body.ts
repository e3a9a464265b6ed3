import type { z } from 'zod';
import type { ProblemSpec } from './problem';

/** A parsed request body, or the problem to answer with. */
export type BodyResult<T> =
	{ ok: true; value: T; text: string } | { ok: false; problem: ProblemSpec };

/** Turns zod issues into the `errors` of a problem, with JSON Pointer paths. */
export function issuesToErrors(
	issues: readonly z.core.$ZodIssue[]
): { path: string; message: string }[] {
	return issues.slice(0, 20).map((issue) => ({
		path:
			'/' +
			issue.path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
		message: issue.message
	}));
}

/** Past this many times the limit, an oversized body is cut off instead of read to its end. */
const DRAIN_FACTOR = 16;

async function readLimited(request: Request, maxBytes: number): Promise<string | undefined> {
	const declared = Number(request.headers.get('content-length'));
	// Far too large: refused unread (the connection is then closed, see api-problem.ts).
	if (Number.isFinite(declared) && declared > maxBytes * DRAIN_FACTOR) return undefined;
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes * DRAIN_FACTOR) {
			await reader.cancel();
			return undefined;
		}
		// Past the limit the rest is read and dropped, so that the 413 reaches the client
		// (cancelling the stream would reset the connection before it is sent).
		if (size <= maxBytes) chunks.push(value);
	}
	return size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON request body: `415` unless it is sent as JSON, `413` past `maxBytes` (checked
 * before parsing), `400` when it is not JSON or does not fit `schema`.
 */
export async function readJsonBody<S extends z.ZodType>(
	request: Request,
	schema: S,
	maxBytes: number
): Promise<BodyResult<z.infer<S>>> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
		return {
			ok: false,
			problem: {
				status: 415,
				code: 'unsupported_media_type',
				detail: 'Send the body as Content-Type: application/json.'
			}
		};
	}
	const text = await readLimited(request, maxBytes);
	if (text === undefined) {
		return {
			ok: false,
			problem: {
				status: 413,
				code: 'too_large',
				detail: `The body is larger than ${maxBytes} bytes.`
			}
		};
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return {
			ok: false,
			problem: { status: 400, code: 'invalid_json', detail: 'The body is not valid JSON.' }
		};
	}
	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		return {
			ok: false,
			problem: {
				status: 400,
				code: 'invalid_request',
				detail: 'The body does not have the expected shape.',
				errors: issuesToErrors(parsed.error.issues)
			}
		};
	}
	return { ok: true, value: parsed.data, text };
}
