import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'data/',
			'test-results/',
			'playwright-report/',
			'node_modules/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			// Type information for every file, so that rules can follow promises; the files no
			// tsconfig holds (configs, the service worker's tests) get a default project.
			parserOptions: {
				projectService: {
					allowDefaultProject: [
						'*.config.js',
						'playwright.config.ts',
						'pwa-assets.config.ts',
						'static/*.js',
						'service-worker/*.test.ts'
					]
				},
				tsconfigRootDir: import.meta.dirname,
				// The same for every file, .ts or .svelte: the project service reloads every project
				// each time this changes from one file to the next (a run took 136 s so, 44 s now).
				extraFileExtensions: ['.svelte']
			}
		},
		rules: {
			// Correctness depends on the order in which promises are sent: none may float.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
