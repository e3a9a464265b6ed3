// A child process of `npm run bench`'s http section: the full-history design behind HTTP, as
// its endpoint receives a sync. Node's http module reads the whole body (every conversation)
// and applies it with the replaced app's upserts (../legacy-sync.ts) on DATABASE_URL, as the
// user LEGACY_USER; it answers 204. It prints its port once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPostgresDatabase } from '../../src/lib/server/db/postgres-database';
import { legacySync } from '../legacy-sync';

const url = process.env.DATABASE_URL;
const user = process.env.LEGACY_USER;
if (!url || !user) throw new Error('DATABASE_URL and LEGACY_USER are needed');
const db = openPostgresDatabase(url, { max: 1 });

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		legacySync(db, user, Buffer.concat(chunks).toString('utf8')).then(
			() => res.writeHead(204).end(),
			(error: unknown) => res.writeHead(500).end(String(error))
		);
	});
});
server.keepAliveTimeout = 60_000;
server.listen({ host: '127.0.0.1', port: 0 }, () => {
	process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
