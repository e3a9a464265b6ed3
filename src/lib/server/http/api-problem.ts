import { PROBLEM_CONTENT_TYPE } from '$lib/protocol/problem';
import { isApiPath } from './api-path';
import { problemResponse } from './problem';

/** The code and detail of an error the framework answered itself, by status. */
const FRAMEWORK_ERRORS: Record<number, { code: string; detail: string }> = {
	400: { code: 'bad_request', detail: 'The request could not be understood.' },
	404: { code: 'not_found', detail: 'There is no such API endpoint.' },
	405: { code: 'method_not_allowed', detail: 'This API endpoint does not take that method.' },
	413: { code: 'too_large', detail: 'The body is too large.' },
	500: { code: 'internal', detail: 'Something went wrong on the server.' }
};

/**
 * Makes an API response safe to send: an error the framework produced itself (an unknown
 * endpoint, a wrong method) becomes problem+json, and a response that left the request body
 * unread closes the connection, so that the unread bytes cannot stall the next request on it.
 */
export function apiProblem(request: Request, url: URL, response: Response): Response {
	if (!isApiPath(url.pathname)) return response;
	let result = response;
	const type = response.headers.get('content-type') ?? '';
	if (response.status >= 400 && !type.includes(PROBLEM_CONTENT_TYPE)) {
		const allow = response.headers.get('allow');
		const known = FRAMEWORK_ERRORS[response.status];
		result = problemResponse({
			status: response.status,
			code: known?.code ?? 'error',
			detail: known?.detail ?? 'The request could not be handled.',
			...(allow ? { headers: { allow } } : {})
		});
	}
	const hasBody = request.headers.has('content-length') || request.headers.has('transfer-encoding');
	if (hasBody && !request.bodyUsed && request.method !== 'GET' && request.method !== 'HEAD') {
		result = new Response(result.body, result);
		result.headers.set('connection', 'close');
	}
	return result;
}
