/*
 * V8's explicit compile hints (https://v8.dev/blog/explicit-compile-hints): a script that starts
 * with the magic comment has all its functions compiled when it loads, not on their first call.
 * The chat page's code and the Svelte runtime it uses run first when a person signs in (the app
 * mounts its whole shell in one task); compiled then, lazily, they were about half of that task
 * (30 to 40 ms of 60 to 90 in a Chromium trace here). With the hint, that work moves to page load.
 * Chromes that predate the hint (before 136) and other browsers read a comment.
 */
import type { Plugin } from 'vite';

/** The magic comment, as the first line of a script. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** What the plugin reads of a chunk of the bundle. */
export interface ChunkInfo {
	/** The modules bundled in the chunk (ids: absolute paths for the app's own). */
	moduleIds?: readonly string[];
	imports?: readonly string[];
}

/**
 * The file names of the chunks the module ending in `moduleSuffix` loads before it runs: the
 * chunk that holds it and, transitively, the chunks that one imports statically (not those it
 * imports dynamically, which load later if ever).
 */
export function staticClosure(
	bundle: Readonly<Record<string, ChunkInfo>>,
	moduleSuffix: string
): string[] {
	const start = Object.entries(bundle).find(([, chunk]) =>
		chunk.moduleIds?.some((id) => id.endsWith(moduleSuffix))
	);
	if (!start) return [];
	const found = new Set<string>();
	const visit = (name: string) => {
		const chunk = bundle[name];
		if (found.has(name) || !chunk) return;
		found.add(name);
		for (const imported of chunk.imports ?? []) visit(imported);
	};
	visit(start[0]);
	return [...found];
}

/**
 * Adds the compile hint to the client chunks that the module ending in `moduleSuffix` needs
 * (see staticClosure). The app's client bundle (the one with its routes) must hold that module:
 * a renamed page does not lose its hint in silence. Other client bundles (the service worker's)
 * are left as they are.
 */
export function compileHints(moduleSuffix: string): Plugin {
	// The chunks to hint, by their names before hashing: worked out once per bundle, when its
	// chunks are rendered. The comment goes in once they are minified (the minifier would drop
	// it), and is counted in each file's hash, so that a file's name still names its content.
	let hinted: Set<string> | undefined;
	return {
		name: 'outpost-compile-hints',
		apply: 'build',
		renderStart() {
			hinted = undefined;
		},
		renderChunk(_code, _chunk, _options, meta) {
			if (hinted || this.environment.config.consumer !== 'client') return null;
			const routes = Object.values(meta.chunks).some((each) =>
				each.moduleIds.some((id) => id.includes('/src/routes/'))
			);
			hinted = new Set(routes ? staticClosure(meta.chunks, moduleSuffix) : []);
			if (routes && hinted.size === 0) this.error(`compile hints: no chunk for ${moduleSuffix}`);
			return null;
		},
		augmentChunkHash(chunk) {
			return hinted?.has(chunk.fileName) ? COMPILE_HINT : undefined;
		},
		generateBundle: {
			// After Vite's own additions at the top of a chunk: the comment goes first.
			order: 'post',
			handler(_options, bundle) {
				for (const chunk of Object.values(bundle)) {
					if (chunk.type === 'chunk' && hinted?.has(chunk.preliminaryFileName)) {
						chunk.code = COMPILE_HINT + chunk.code;
					}
				}
			}
		}
	};
}
