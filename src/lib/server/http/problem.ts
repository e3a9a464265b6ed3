import { PROBLEM_CONTENT_TYPE, type Problem } from '$lib/protocol/problem';

/** Titles of the statuses the API answers with. */
const TITLES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Content Too Large',
	415: 'Unsupported Media Type',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

/** The parts of a problem a handler chooses; `type` and `title` follow from status and code. */
export interface ProblemSpec {
	status: number;
	detail?: string;
	code?: string;
	errors?: { path: string; message: string }[];
	headers?: Record<string, string>;
}

/** The RFC 9457 body of a problem. */
export function problemBody(spec: ProblemSpec): Problem {
	return {
		type: spec.code ? `urn:outpost:problem:${spec.code}` : 'about:blank',
		title: TITLES[spec.status] ?? 'Error',
		status: spec.status,
		...(spec.detail !== undefined ? { detail: spec.detail } : {}),
		...(spec.code !== undefined ? { code: spec.code } : {}),
		...(spec.errors !== undefined ? { errors: spec.errors } : {})
	};
}

/** An `application/problem+json` response. */
export function problemResponse(spec: ProblemSpec): Response {
	return new Response(JSON.stringify(problemBody(spec)), {
		status: spec.status,
		headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...spec.headers }
	});
}
