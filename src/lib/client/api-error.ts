import { problem } from '$lib/protocol/problem';

/** A failed API call as the UI shows it. */
export interface ApiError {
	status: number;
	message: string;
	/** The problem's code, when the server gave one. */
	code?: string;
}

/** A readable message for a failed response: the problem's detail when it has one. */
export async function apiError(response: Response): Promise<ApiError> {
	let body: unknown = null;
	try {
		body = await response.json();
	} catch {
		body = null;
	}
	const parsed = problem.safeParse(body);
	const message = parsed.success
		? parsed.data.errors?.[0]
			? `${parsed.data.detail ?? parsed.data.title} (${parsed.data.errors[0].path}: ${parsed.data.errors[0].message})`
			: (parsed.data.detail ?? parsed.data.title)
		: `The server answered ${response.status}.`;
	const code = parsed.success ? parsed.data.code : undefined;
	return { status: response.status, message, ...(code !== undefined ? { code } : {}) };
}
