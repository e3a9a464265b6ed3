import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Creates an empty database on the PostgreSQL server of `adminUrl` and returns its URL. */
export async function createPlainDatabase(adminUrl: string): Promise<string> {
	const name = `outpost_api_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
	return adminUrl.replace(/\/postgres$/, `/${name}`);
}
