import { getAs, signUp } from '../../tests/support/api-client';
import type { ScenarioResult } from './report';
import { PRODUCTION_LIMITS, startBuild } from './servers';

/** The directives of a Content-Security-Policy, by name. */
function cspDirectives(policy: string): Map<string, string[]> {
	const directives = new Map<string, string[]>();
	for (const part of policy.split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name) directives.set(name.toLowerCase(), values);
	}
	return directives;
}

const row = (scenario: string, target: string, seen: string, met: boolean): ScenarioResult => ({
	family: 'abuse',
	scenario,
	target,
	seen,
	met
});

/** (f) Cross-site logout, the metrics endpoint without a token, and the page's security headers. */
export async function crossSite(postgresUrl: string): Promise<ScenarioResult[]> {
	const server = await startBuild('postgres', postgresUrl, { ...PRODUCTION_LIMITS });
	try {
		const account = await signUp(server.url);
		const logout = await fetch(`${server.url}/api/auth/logout`, {
			method: 'POST',
			headers: {
				cookie: account.cookie,
				origin: 'https://evil.example',
				'sec-fetch-site': 'cross-site',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: ''
		});
		await logout.arrayBuffer();
		const me = await getAs(server.url, account, '/api/auth/me');
		await me.arrayBuffer();
		const metrics = await fetch(`${server.url}/metrics`);
		const metricsText = await metrics.text();
		const exposed = metrics.status === 200 && /^# (HELP|TYPE) /m.test(metricsText);
		const page = await fetch(`${server.url}/`);
		const html = await page.text();
		const header = (name: string) => page.headers.get(name);
		// Both policies apply: the header's (frame-ancestors cannot be set in a meta tag) and the
		// prerendered page's meta tag (which carries the hashes of its inline scripts).
		const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1];
		const policies = [header('content-security-policy'), meta?.replaceAll('&#39;', "'")].filter(
			(p): p is string => !!p
		);
		const csp = policies.length > 0 ? policies.join('; ') : undefined;
		const directives = policies.map(cspDirectives);
		const scripts =
			directives.find((d) => d.has('script-src'))?.get('script-src') ??
			directives.find((d) => d.has('default-src'))?.get('default-src');
		const ancestors = directives.find((d) => d.has('frame-ancestors'))?.get('frame-ancestors');
		const referrer = header('referrer-policy');
		const nosniff = header('x-content-type-options');
		return [
			row(
				'logout POST with Origin https://evil.example, Sec-Fetch-Site cross-site',
				'403; the session still valid',
				`${logout.status}; /api/auth/me then ${me.status}`,
				logout.status === 403 && me.status === 200
			),
			row(
				'GET /metrics without a token (no METRICS_TOKEN set)',
				'404 or 401, no metrics',
				`${metrics.status}${exposed ? ', **metrics exposed**' : ''}`,
				(metrics.status === 404 || metrics.status === 401) && !exposed
			),
			row(
				'CSP on / (header and meta): script-src without unsafe-inline',
				"present, no 'unsafe-inline' in script-src",
				csp ? `script-src ${scripts?.join(' ') ?? '(none)'}` : 'no CSP',
				!!csp && !!scripts && !scripts.includes("'unsafe-inline'")
			),
			row(
				'frame protection on /',
				"frame-ancestors 'none'",
				ancestors ? `frame-ancestors ${ancestors.join(' ')}` : 'no frame-ancestors',
				ancestors?.join(' ') === "'none'"
			),
			row(
				'X-Content-Type-Options on /',
				'nosniff',
				nosniff ?? 'absent',
				nosniff?.toLowerCase() === 'nosniff'
			),
			row('Referrer-Policy on /', 'present', referrer ?? 'absent', !!referrer)
		];
	} finally {
		await server.stop();
	}
}
