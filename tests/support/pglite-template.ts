import { PGlite } from '@electric-sql/pglite';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A new PGlite data folder costs its initdb: about 6 s of CPU here, in every test server and
 * test database on PGlite, where the run is CPU-bound. The tests copy one made by PGlite
 * itself instead (a copy opens in under a second), as a server finds its folder after a
 * restart. It is kept in the system's temporary folder, one per PGlite version and user, and
 * made by whichever test process needs it first: in a folder of its own, renamed into place
 * whole, so that a process never sees half of one. The first start on an empty folder stays
 * tested by the e2e server and the npm start tests, whose folders start empty.
 */
const VERSION: string = JSON.parse(
	readFileSync(
		new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
		'utf8'
	)
).version;
// Per user too: the folder is made with mkdtemp, which only its owner may read.
const TEMPLATE = join(tmpdir(), `outpost-pglite-template-${VERSION}-${userInfo().uid}`);
/** Written last into the folder being made: a folder without it is not used. */
const READY = 'ready';

let making: Promise<string> | undefined;

async function makeTemplate(): Promise<string> {
	if (existsSync(join(TEMPLATE, READY))) return TEMPLATE;
	const scratch = mkdtempSync(`${TEMPLATE}-making-`);
	try {
		const db = await PGlite.create(join(scratch, 'pglite'));
		await db.close();
		writeFileSync(join(scratch, READY), '');
		try {
			renameSync(scratch, TEMPLATE);
		} catch (error) {
			// Another process put its own in place first: that one is used.
			if (!existsSync(join(TEMPLATE, READY))) throw error;
		}
		return TEMPLATE;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

/** The template's folder, made on first use. */
function template(): Promise<string> {
	making ??= makeTemplate().catch((error: unknown) => {
		making = undefined;
		throw error;
	});
	return making;
}

/**
 * Puts a new, empty PGlite database in `dataDir/pglite` (the folder the server opens), as
 * PGlite's initdb would make it, and returns `dataDir`.
 */
export async function newPgliteDataDir(dataDir: string): Promise<string> {
	cpSync(join(await template(), 'pglite'), join(dataDir, 'pglite'), { recursive: true });
	return dataDir;
}
