// @ts-check
// Finds what the tests need outside npm (Chromium, PostgreSQL 15, PgBouncer). As root it installs
// what is missing with apt-get; otherwise it says exactly what to install, and fails.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

/** @param {string} pkg */
function aptInstall(pkg) {
	if (!aptUpdated) {
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
		aptUpdated = true;
	}
	execFileSync('apt-get', ['install', '-y', '-qq', pkg], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
}

const needs = [
	{
		name: 'Chromium',
		found: () =>
			[process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].some(
				(path) => path && existsSync(path)
			),
		pkg: 'chromium',
		hint: 'sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium binary)'
	},
	{
		name: 'PostgreSQL 15',
		found: () => existsSync(`${process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'}/initdb`),
		pkg: 'postgresql-15',
		hint: 'sudo apt-get install -y postgresql-15   (or set PG_BIN to the folder holding initdb and pg_ctl)'
	},
	{
		// The database tests start their own (tests/support/pgbouncer.ts), not Debian's service.
		name: 'PgBouncer',
		found: () => existsSync(process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer'),
		pkg: 'pgbouncer',
		hint: 'sudo apt-get install -y pgbouncer   (or set PGBOUNCER to a pgbouncer binary)'
	}
];

const missing = [];
for (const need of needs) {
	if (need.found()) continue;
	if (isRoot) {
		console.log(`pretest: installing ${need.name} (${need.pkg}) with apt-get…`);
		try {
			aptInstall(need.pkg);
		} catch {
			missing.push(need);
			continue;
		}
		if (need.found()) continue;
	}
	missing.push(need);
}

if (missing.length > 0) {
	console.error('\nThe tests need programs that are not installed:');
	for (const need of missing) console.error(`  - ${need.name}: ${need.hint}`);
	process.exit(1);
}
console.log('pretest: Chromium, PostgreSQL 15 and PgBouncer found');
