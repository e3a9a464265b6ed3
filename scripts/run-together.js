// @ts-check
// Runs groups of npm scripts side by side, the scripts of one group one after the other:
// `node scripts/run-together.js lint check+build` runs `lint` beside `check` then `build`.
// Each group's output is printed whole when the group ends, so that the groups' lines do not
// mix. Exits non-zero when any script failed; the other groups still run to their end.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs one npm script, its output collected. Resolves with its exit code.
 * @param {string} script
 * @param {string[]} output
 * @returns {Promise<number>}
 */
function runScript(script, output) {
	return new Promise((resolve) => {
		const child = spawn(npm, ['run', '--silent', script], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
		});
		child.stdout.on('data', (chunk) => output.push(String(chunk)));
		child.stderr.on('data', (chunk) => output.push(String(chunk)));
		child.on('error', (error) => {
			output.push(`${error.message}\n`);
			resolve(1);
		});
		child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/**
 * Runs the scripts of a group in order, stopping at the first that fails; prints its output.
 * @param {string[]} scripts
 * @returns {Promise<boolean>} whether every script passed
 */
async function runGroup(scripts) {
	for (const script of scripts) {
		/** @type {string[]} */
		const output = [];
		const started = Date.now();
		const code = await runScript(script, output);
		const seconds = ((Date.now() - started) / 1000).toFixed(0);
		const verdict = code === 0 ? 'passed' : `failed (exit ${code})`;
		process.stdout.write(`\n> npm run ${script}: ${verdict} in ${seconds} s\n${output.join('')}`);
		if (code !== 0) return false;
	}
	return true;
}

const groups = process.argv.slice(2).map((group) => group.split('+').filter(Boolean));
if (groups.length === 0 || groups.some((group) => group.length === 0)) {
	console.error('usage: node scripts/run-together.js <script>[+<script>...] ...');
	process.exit(2);
}
const results = await Promise.all(groups.map(runGroup));
process.exit(results.every(Boolean) ? 0 : 1);
