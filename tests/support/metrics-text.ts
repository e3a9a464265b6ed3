/** Samples of a Prometheus text exposition, by `name{labels}` as written. */
export function metricSamples(text: string): Map<string, number> {
	const map = new Map<string, number>();
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) continue;
		const space = line.lastIndexOf(' ');
		map.set(line.slice(0, space), Number(line.slice(space + 1)));
	}
	return map;
}
