import { COMMON_PASSWORDS } from './common-passwords';

/** The fewest characters a new password has, spaces at either end not counted. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Why a new password is too weak to accept, or undefined when it is not: shorter than
 * MIN_PASSWORD_LENGTH without its outer spaces, one character repeated, the account's email or
 * the part before its @, or a password from the top of the leaked-password lists.
 */
export function weakPasswordReason(password: string, email: string): string | undefined {
	const trimmed = password.trim();
	if ([...trimmed].length < MIN_PASSWORD_LENGTH) {
		return `must have at least ${MIN_PASSWORD_LENGTH} characters besides spaces`;
	}
	if (new Set(trimmed).size === 1) return 'must not be one character repeated';
	const lower = trimmed.toLowerCase();
	const address = email.trim().toLowerCase();
	const local = address.split('@')[0] ?? '';
	if (lower === address || lower === local) return 'must not be your email address';
	if (COMMON_PASSWORDS.has(lower)) return 'is one of the most common passwords';
	return undefined;
}
