import { randomBytes, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HashThread } from './hash-thread';
import { WorkQueue } from './work-queue';

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

/**
 * A hash takes a core for tens of milliseconds, so hashes run one at a time on a thread of their
 * own at the lowest CPU priority (not in Node's pool, which every request's token check needs),
 * and take only the CPU other requests leave. Up to 64 more wait, and past that a sign-in is
 * answered 429 at once.
 */
const thread = new HashThread();
const hashing = new WorkQueue('password hashing', 1, 64);

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return hashing.run(() => thread.derive(password.normalize('NFKC'), salt, KEY_LENGTH, options));
}

/** Hashes a password with scrypt; the result names its parameters and salt. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, PARAMS);
	return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` matches a hash made by hashPassword, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), {
		N: Number(n),
		r: Number(r),
		p: Number(p),
		maxmem: PARAMS.maxmem
	});
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/** A hash of no one's password, checked on unknown emails so that they take as long as known ones. */
export function decoyHash(): Promise<string> {
	decoy ??= hashPassword(randomBytes(16).toString('hex'));
	return decoy;
}
