import { problem } from '$lib/protocol/problem';
import { problemWords, type ProblemAction } from './problem-words';

/** A failed API call as the UI shows it. */
export interface ApiError {
	status: number;
	/** What happened, in words for people (see problem-words.ts). */
	message: string;
	/** The problem's code, when the server gave one. */
	code?: string;
	/** What the page can offer to do about it. */
	action?: ProblemAction | null;
}

/** A readable message for a failed response, from the problem's code (see problem-words.ts). */
export async function apiError(response: Response): Promise<ApiError> {
	let body: unknown = null;
	try {
		body = await response.json();
	} catch {
		body = null;
	}
	const parsed = problem.safeParse(body);
	const code = parsed.success ? parsed.data.code : undefined;
	const words = problemWords({
		status: response.status,
		code,
		detail: parsed.success ? parsed.data.detail : undefined,
		errors: parsed.success ? parsed.data.errors : undefined
	});
	return {
		status: response.status,
		message: words.text,
		action: words.action,
		...(code !== undefined ? { code } : {})
	};
}
