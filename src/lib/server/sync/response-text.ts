import type { PushResponse, PushResult } from '$lib/protocol/push';
import { encodeCursor } from '$lib/sync/cursor';

/**
 * A push response as text with its numbers left out: each piece of JSON text is followed by
 * the cursor of change `base + cursor`, by the version `base + version`, or by nothing. A
 * one-trip push has the database fill them in once it knows `base`, the user's change
 * sequence; the text is the same as JSON.stringify of the whole response would write.
 */
export interface ResponsePiece {
	text: string;
	cursor?: number;
	version?: number;
}

const VERSION_KEY = '"version":';

/**
 * What comes between a response's batchId and its cursor. A batchId's JSON text cannot hold it
 * (a quote inside a string is escaped, and this key's second quote follows a comma), so the
 * first one is this key.
 */
const CURSOR_KEY = '","cursor":"';

/** The pieces of the response of a batch whose results and sequence count from 0. */
export function responsePieces(
	protocol: number,
	batchId: string,
	seq: number,
	results: readonly PushResult[]
): ResponsePiece[] {
	const pieces: ResponsePiece[] = [
		{
			text: `{"protocol":${protocol},"batchId":${JSON.stringify(batchId).slice(0, -1)}${CURSOR_KEY}`,
			cursor: seq
		}
	];
	let text = '","results":[';
	results.forEach((result, i) => {
		if (i > 0) text += ',';
		if (result.version === undefined) {
			text += JSON.stringify(result);
			return;
		}
		// Written with version 0, then cut after `"version":`. A string value cannot hold that
		// text unescaped, and version comes before `current`, so the first one is this key.
		const json = JSON.stringify({ ...result, version: 0 });
		const cut = json.indexOf(VERSION_KEY) + VERSION_KEY.length;
		pieces.push({ text: text + json.slice(0, cut), version: result.version });
		text = json.slice(cut + 1);
	});
	pieces.push({ text: `${text}]}` });
	return pieces;
}

/** The response text of a batch applied up to change `seq`. */
export function responseText(
	protocol: PushResponse['protocol'],
	batchId: string,
	seq: number,
	results: readonly PushResult[]
): string {
	const response: PushResponse = {
		protocol,
		batchId,
		cursor: encodeCursor(seq),
		results: [...results]
	};
	return JSON.stringify(response);
}

/**
 * The cursor of a push response's text, read without parsing its results (a batch of many
 * records has a long response). Throws when the text has none.
 */
export function responseCursor(text: string): string {
	const start = text.indexOf(CURSOR_KEY) + CURSOR_KEY.length;
	const end = text.indexOf('"', start);
	if (start < CURSOR_KEY.length || end < 0) throw new Error('not a push response');
	return text.slice(start, end);
}
