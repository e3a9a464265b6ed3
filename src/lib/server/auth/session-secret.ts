import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that signs session tokens: `configured` when set, otherwise a random secret kept in
 * `dataDir/session-secret`, made on first start. Every instance behind one load balancer
 * needs the same SESSION_SECRET.
 */
export function loadSessionSecret(configured: string | undefined, dataDir: string): Uint8Array {
	if (configured !== undefined) {
		if (configured.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
		return new TextEncoder().encode(configured);
	}
	const file = join(dataDir, 'session-secret');
	try {
		return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(48).toString('base64url');
	try {
		writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
	} catch (error) {
		// Another process wrote it first: use that one.
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
	}
	return new TextEncoder().encode(secret);
}
