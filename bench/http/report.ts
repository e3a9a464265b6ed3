import type { ProbeFigures } from './rounds';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');

/** Figures of the probe whose name starts with `prefix`. */
function find(figures: readonly ProbeFigures[], prefix: string): ProbeFigures | undefined {
	return figures.find((f) => f.name.startsWith(prefix));
}

/** The http section's table, then each of its targets with what was measured. */
export function httpReport(figures: readonly ProbeFigures[]): string {
	const lines = [
		'Requests through HTTP, one at a time, against the production build (`node build`) on PostgreSQL 15, interleaved in one run\n',
		'| request | p50 ms | p99 ms | samples |',
		'| --- | ---: | ---: | ---: |',
		...figures.map((f) => `| ${f.name} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.samples} |`),
		''
	];
	const bare = find(figures, 'bare Node HTTP server, GET')?.p50 ?? Number.NaN;
	const barePost = find(figures, 'bare Node HTTP server, POST')?.p50 ?? Number.NaN;
	const health = find(figures, 'GET /api/health')?.p50 ?? Number.NaN;
	for (const size of ['1,000', '10,000']) {
		const http = find(figures, `push of a reply, HTTP (${size}`)?.p50 ?? Number.NaN;
		const inServer = find(figures, `push of a reply, in-server (${size}`)?.p50 ?? Number.NaN;
		const above = http - (bare + inServer);
		lines.push(
			`- push at ${size} messages: ${ms(above)} ms above the bare round trip plus the in-server time (target at most 1 ms): ${above <= 1 ? 'met' : 'missed'}; ${ms(http - (barePost + inServer))} ms above a bare POST of the same body plus the in-server time`
		);
	}
	const fullHistory = find(figures, 'full-history')?.p50 ?? Number.NaN;
	const push1k = find(figures, 'push of a reply, HTTP (1,000')?.p50 ?? Number.NaN;
	const speedup = fullHistory / push1k;
	lines.push(
		`- at 1,000 messages a push through HTTP is ${speedup.toFixed(0)}× faster than the full-history sync through HTTP (target at least 50×): ${speedup >= 50 ? 'met' : 'missed'}`
	);
	for (const prefix of ['GET /api/auth/me', 'pull after a reply']) {
		const ratio = (find(figures, prefix)?.p50 ?? Number.NaN) / health;
		lines.push(
			`- ${prefix}: ${ratio.toFixed(2)}× GET /api/health (target at most 1.5×): ${ratio <= 1.5 ? 'met' : 'missed'}`
		);
	}
	return lines.join('\n');
}
