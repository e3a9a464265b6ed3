import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/databases';
import { message, newUserId, session } from '../../../../tests/support/records';
import {
	createSupabaseDatabase,
	exposedSchemas,
	supabaseDbPush
} from '../../../../tests/support/supabase-project';
import { push } from '../../../../tests/support/sync-calls';
import type { Database } from './database';
import { migrate } from './migrate';
import { readMigrations } from './migration-files';
import { openPostgresDatabase } from './postgres-database';

const MIGRATIONS = readMigrations(
	fileURLToPath(new URL('../../../../supabase/migrations', import.meta.url))
);

// On a Supabase project every table and view of `public` is granted to the roles its Data API
// acts as: `anon` (anyone holding the project's public key) and `authenticated` (any signed-in
// user, its id in the JWT's claims). Row-level security is then all that keeps rows apart. With
// Supabase's grants, and real rows of two users in every relation, `anon` must read nothing and
// `authenticated` only its own rows, and nothing of the server's own tables: on a database the
// server migrated, with the grants made afterwards, and on a Supabase project's database
// (tests/support/supabase-bootstrap.sql, whose default privileges grant each new relation)
// migrated by the Supabase CLI, on which the server then starts.

/** Tables only the server reads (as their owner): nothing for either role. */
const SERVER_ONLY = new Set([
	'app_users',
	'auth_sessions',
	'request_counts',
	'chat_generations',
	'reply_jobs',
	'outpost_schema_migrations'
]);

/** A migrated database with Supabase's grants, and how to close it. */
interface ExposedDatabase {
	db: Database;
	close(): Promise<void>;
}

const DATABASES: [string, () => Promise<ExposedDatabase>][] = [
	[
		'a database the server migrated, with the grants made afterwards',
		async () => {
			const t = await freshDatabase('postgres');
			// Supabase's roles and default grants.
			await t.db.exec(`
				do $$ begin
					if not exists (select 1 from pg_roles where rolname = 'anon') then
						create role anon nologin;
					end if;
				exception when duplicate_object or unique_violation then null;
				end $$;
				grant usage on schema public to anon, authenticated;
				grant select on all tables in schema public to anon, authenticated;
			`);
			return t;
		}
	],
	[
		'a Supabase database the CLI migrated',
		async () => {
			const url = await createSupabaseDatabase(inject('postgresUrl'));
			const run = await supabaseDbPush(url);
			if (run.code !== 0) throw new Error(`supabase db push failed:\n${run.output}`);
			const db = openPostgresDatabase(url, { max: 10 });
			// The server's start on it, which makes the server's own history table.
			await migrate(db, MIGRATIONS);
			return { db, close: () => db.close() };
		}
	]
];

describe.each(DATABASES)('what a Supabase Data API would expose on %s', (_, open) => {
	let t: ExposedDatabase;
	const [alice, bob] = [newUserId(), newUserId()];
	let relations: { name: string; hasUserId: boolean }[] = [];

	beforeAll(async () => {
		t = await open();
		for (const [user, name] of [
			[alice, 'alice'],
			[bob, 'bob']
		] as const) {
			await t.db.query("insert into app_users (id, email, password_hash) values ($1, $2, 'x')", [
				user,
				`${name}@example.com`
			]);
			await t.db.query(
				"insert into auth_sessions (id, user_id, expires_at) values ($1, $2, now() + interval '1 day')",
				[`session-${name}`, user]
			);
			await t.db.query(
				'insert into sync_rate (user_id, window_start, requests) values ($1, now(), 1)',
				[user]
			);
			await t.db.query(
				'insert into request_counts (key, window_start, requests) values ($1, now(), 1)',
				[`login:${name}`]
			);
			await t.db.query(
				"insert into chat_generations (user_id, lease_until) values ($1, now() + interval '1 minute')",
				[user]
			);
			await push(t.db, user, [
				await session(`s-${name}`),
				await message(`q-${name}`, `s-${name}`, { role: 'user', replyRequest: `r-${name}` })
			]);
		}
		// Every relation of the schemas supabase/config.toml exposes.
		relations = await t.db.query<{ name: string; hasUserId: boolean }>(
			`select c.relname as name, exists (select 1 from pg_attribute a
				where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped) as "hasUserId"
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = any($1::text[]) and c.relkind in ('r', 'v', 'm', 'p', 'f')
			order by c.relname`,
			[exposedSchemas()]
		);
	});
	afterAll(() => t?.close());

	/** Rows of `relation` the role sees: all of them, and those of alice (when it has user_id). */
	async function seen(
		role: 'owner' | 'anon' | 'alice',
		relation: { name: string; hasUserId: boolean }
	) {
		const own = relation.hasUserId ? `count(*) filter (where user_id = '${alice}')` : '0';
		const sql = `select count(*)::int as total, ${own}::int as own from ${relation.name}`;
		return t.db.transaction(async (tx) => {
			if (role === 'anon') await tx.query("select set_config('role', 'anon', true)");
			if (role === 'alice') await tx.query('select outpost_act_as($1)', [alice]);
			const [row] = await tx.query<{ total: number; own: number }>(sql);
			return row ?? { total: 0, own: 0 };
		});
	}

	it('lists the relations, each with real rows', async () => {
		expect(relations.map((r) => r.name)).toEqual(
			expect.arrayContaining(['chat_messages', 'chat_sessions', 'outpost_records', 'app_users'])
		);
		for (const relation of relations) {
			expect({ relation: relation.name, rows: (await seen('owner', relation)).total > 0 }).toEqual({
				relation: relation.name,
				rows: true
			});
		}
	});

	it('gives anon nothing', async () => {
		for (const relation of relations) {
			expect({ relation: relation.name, ...(await seen('anon', relation)) }).toEqual({
				relation: relation.name,
				total: 0,
				own: 0
			});
		}
	});

	it("gives an authenticated user its own rows only, and none of the server's tables", async () => {
		for (const relation of relations) {
			const { total, own } = await seen('alice', relation);
			if (SERVER_ONLY.has(relation.name)) {
				expect({ relation: relation.name, total }).toEqual({ relation: relation.name, total: 0 });
				continue;
			}
			// A per-user relation names its user: that is what its policy keys on.
			expect({ relation: relation.name, hasUserId: relation.hasUserId }).toEqual({
				relation: relation.name,
				hasUserId: true
			});
			expect({ relation: relation.name, total, mine: own > 0 }).toEqual({
				relation: relation.name,
				total: own,
				mine: true
			});
		}
	});
});

// The Data API also calls every function of the schema, as `anon` or `authenticated` with the
// caller's claims. The functions that act as a user take the user's id as an argument: a caller
// may name only itself.
describe.each(DATABASES)('the functions a Supabase Data API would expose on %s', (_, open) => {
	let t: ExposedDatabase;
	const [alice, bob] = [newUserId(), newUserId()];

	beforeAll(async () => {
		t = await open();
		for (const user of [alice, bob]) {
			await push(t.db, user, [await session(`s-${user}`)]);
		}
	});
	afterAll(() => t?.close());

	const PULL = 'select outpost_pull($1, 0, false, null, 0, null, null, false, 100, 1000000)';
	const CALLS: [string, string][] = [
		['outpost_act_as', 'select outpost_act_as($1)'],
		['outpost_pull', PULL],
		['outpost_push_lock', 'select outpost_push_lock($1, 0)'],
		[
			'outpost_push_one_trip',
			"select outpost_push_one_trip($1, 'b-1', '{}', '{}', 0, '{}', '{}'::jsonb)"
		]
	];

	/**
	 * Runs `sql` with `$1` = `target` as the Data API would for a caller in `role`, with the
	 * claims of user `claimsOf` (none for `anon`).
	 */
	function callAs(
		role: 'anon' | 'authenticated',
		claimsOf: string | null,
		sql: string,
		target: string
	) {
		return t.db.transaction(async (tx) => {
			await tx.query(
				"select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)",
				[JSON.stringify(claimsOf ? { sub: claimsOf, role } : { role }), role]
			);
			return tx.query(sql, [target]);
		});
	}

	it.each(CALLS)("refuses %s for another user's id", async (_, sql) => {
		await expect(callAs('authenticated', alice, sql, bob)).rejects.toMatchObject({ code: '42501' });
		await expect(callAs('anon', null, sql, bob)).rejects.toMatchObject({ code: '42501' });
	});

	it('lets a signed-in user pull its own records, and only those', async () => {
		const [row] = await callAs('authenticated', alice, PULL, alice);
		const page = (row as { outpost_pull: { rows: { id: string }[] } }).outpost_pull;
		expect(page.rows.map((r) => r.id)).toEqual([`s-${alice}`]);
	});
});
