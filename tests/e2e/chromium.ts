import { existsSync } from 'node:fs';

/** Debian's Chromium, or the one CHROMIUM_PATH names. Playwright never downloads a browser here. */
export function chromiumPath(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	const found = candidates.find((path): path is string => !!path && existsSync(path));
	if (!found)
		throw new Error(
			'Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH'
		);
	return found;
}

/** Flags that keep Chromium from reaching out to the network on its own. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** Launch options for Debian's Chromium. */
export function chromiumLaunchOptions() {
	return { executablePath: chromiumPath(), args: CHROMIUM_ARGS };
}
