import { describe, expect, it } from 'vitest';
import { drawnSignal, type DrawnDeps } from './drawn-signal';

function fakeBrowser(hidden = false) {
	const idle: { callback: () => void; timeout: number }[] = [];
	const deps: DrawnDeps = {
		idle: (callback, options) => idle.push({ callback, timeout: options.timeout }),
		hidden: () => hidden
	};
	return { idle, deps };
}

describe('drawnSignal', () => {
	it('tells once the page is idle after the change, at the latest after the timeout', () => {
		const { idle, deps } = fakeBrowser();
		let told = 0;
		const drawn = drawnSignal(() => told++, deps, 250);
		drawn();
		expect(told).toBe(0);
		expect(idle.map((i) => i.timeout)).toEqual([250]);
		idle[0]?.callback();
		expect(told).toBe(1);
	});

	it('tells once for the changes applied while it waits', () => {
		const { idle, deps } = fakeBrowser();
		let told = 0;
		const drawn = drawnSignal(() => told++, deps);
		drawn();
		drawn();
		expect(idle).toHaveLength(1);
		idle[0]?.callback();
		expect(told).toBe(1);
		drawn();
		expect(idle).toHaveLength(2);
	});

	it('tells at once while the page is out of view', () => {
		const { idle, deps } = fakeBrowser(true);
		let told = 0;
		drawnSignal(() => told++, deps)();
		expect(told).toBe(1);
		expect(idle).toHaveLength(0);
	});
});
