import { tooManyRequests } from '../http/api-handler';
import { problemResponse } from '../http/problem';
import { waitInWords } from './sign-in-limits';

/**
 * The answer to credentials that match no account: the same for a wrong password and an unknown
 * email, from sign-in and from a sign-up of a taken email alike.
 */
export function wrongCredentials(): Response {
	return problemResponse({
		status: 401,
		code: 'invalid_credentials',
		detail: 'Wrong email or password.'
	});
}

/** The answer to a sign-in for a paused account or address, `seconds` before the pause ends. */
export function signInPausedAnswer(seconds: number): Response {
	return tooManyRequests(
		`Too many failed sign-ins. Try again in ${waitInWords(seconds)}.`,
		seconds
	);
}
