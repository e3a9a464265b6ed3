import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsStale } from './vitest-build';

describe('buildIsStale', () => {
	let root: string;
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	/** A project folder whose build and one source were last changed at the given times (s). */
	function project(builtAt: number | undefined, sourceAt: number, testAt = 0): string {
		root = mkdtempSync(join(tmpdir(), 'outpost-build-'));
		mkdirSync(join(root, 'src', 'lib'), { recursive: true });
		const source = join(root, 'src', 'lib', 'push.ts');
		writeFileSync(source, '');
		utimesSync(source, sourceAt, sourceAt);
		const test = join(root, 'src', 'lib', 'push.test.ts');
		writeFileSync(test, '');
		utimesSync(test, testAt, testAt);
		if (builtAt !== undefined) {
			mkdirSync(join(root, 'build'));
			writeFileSync(join(root, 'build', 'index.js'), '');
			utimesSync(join(root, 'build', 'index.js'), builtAt, builtAt);
		}
		return root;
	}

	it('takes a missing build, or one older than a source, for stale', () => {
		expect(buildIsStale(project(undefined, 1_000))).toBe(true);
		rmSync(root, { recursive: true });
		expect(buildIsStale(project(1_000, 2_000))).toBe(true);
	});

	it('takes a build newer than every source for fresh, whatever the tests', () => {
		expect(buildIsStale(project(2_000, 1_000, 3_000))).toBe(false);
	});
});
