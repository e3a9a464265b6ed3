import { describe, expect, it } from 'vitest';
import { staticClosure, type ChunkInfo } from './compile-hints';

const bundle: Record<string, ChunkInfo> = {
	'nodes/2.js': {
		moduleIds: ['/app/.svelte-kit/nodes/2.js', '/app/src/routes/+page.svelte'],
		imports: ['a.js', 'b.js']
	},
	'a.js': { moduleIds: ['/app/src/lib/x.ts'], imports: ['b.js', 'runtime.js'] },
	'b.js': { moduleIds: ['/app/src/lib/x.ts'], imports: ['a.js'] },
	'runtime.js': { moduleIds: ['/app/src/lib/x.ts'], imports: [] },
	'lazy.js': {
		moduleIds: ['/app/src/lib/markdown/index.ts'],
		imports: ['runtime.js']
	},
	'nodes/3.js': {
		moduleIds: ['/app/src/routes/usage/+page.svelte'],
		imports: ['runtime.js']
	}
};

describe('staticClosure', () => {
	it('holds the page chunk and every chunk it imports, through cycles, and nothing else', () => {
		expect(staticClosure(bundle, 'src/routes/+page.svelte').sort()).toEqual([
			'a.js',
			'b.js',
			'nodes/2.js',
			'runtime.js'
		]);
	});

	it('is empty when no chunk is the module', () => {
		expect(staticClosure(bundle, 'src/routes/gone/+page.svelte')).toEqual([]);
	});
});
