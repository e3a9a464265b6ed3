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

/** The text of a body, or the problem to answer with. */
type BodyText = { ok: true; text: string } | { ok: false; problem: ProblemSpec };

const tooLarge = (maxBytes: number, headers?: Record<string, string>): BodyText => ({
	ok: false,
	problem: {
		status: 413,
		code: 'too_large',
		detail: `The body is larger than ${maxBytes} bytes.`,
		...(headers ? { headers } : {})
	}
});

/**
 * The problem for a body stream that failed: 413 when the server's own body limit cut it off
 * (adapter-node's BODY_SIZE_LIMIT, if an operator sets one below the app's limit, errors the
 * stream with a status 413), else 400. Either way the rest of the body is not read, so the
 * connection is closed after the answer.
 */
function unreadableBody(error: unknown, maxBytes: number): BodyText {
	const close = { connection: 'close' };
	if ((error as { status?: unknown } | null)?.status === 413) return tooLarge(maxBytes, close);
	return {
		ok: false,
		problem: {
			status: 400,
			code: 'unreadable_body',
			detail: 'The body could not be read to its end.',
			headers: close
		}
	};
}

// `fatal`: a body that is not UTF-8 is refused rather than stored with U+FFFD in place of its
// bytes. `ignoreBOM` keeps a byte order mark in the text, where JSON.parse refuses it, as before.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readLimited(request: Request, maxBytes: number): Promise<BodyText> {
	const declared = Number(request.headers.get('content-length'));
	// Far too large: refused unread (the connection is then closed, see api-problem.ts).
	if (Number.isFinite(declared) && declared > maxBytes * DRAIN_FACTOR) return tooLarge(maxBytes);
	if (!request.body) return { ok: true, text: '' };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes * DRAIN_FACTOR) {
				await reader.cancel();
				return tooLarge(maxBytes);
			}
			// Past the limit the rest is read and dropped, so that the 413 reaches the client
			// (cancelling the stream would reset the connection before it is sent).
			if (size <= maxBytes) chunks.push(value);
		}
	} catch (error) {
		return unreadableBody(error, maxBytes);
	}
	if (size > maxBytes) return tooLarge(maxBytes);
	try {
		return { ok: true, text: utf8.decode(Buffer.concat(chunks)) };
	} catch {
		return {
			ok: false,
			problem: {
				status: 400,
				code: 'invalid_encoding',
				detail: 'The body is not well-formed UTF-8.'
			}
		};
	}
}

/**
 * Reads a JSON request body: `415` unless it is sent as JSON, `413` past `maxBytes` (checked
 * before parsing, and when the server's own body limit cuts the stream off), `400` when it is
 * not well-formed UTF-8 (`invalid_encoding`), cannot be read, is not JSON or does not fit
 * `schema`.
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
	const body = await readLimited(request, maxBytes);
	if (!body.ok) return body;
	const text = body.text;
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
