import { describe, expect, it } from 'vitest';
import { awaitsControl, onControllerChange } from './control';

const worker = {} as ServiceWorker;
const registration = (
	parts: Partial<Record<'active' | 'installing' | 'waiting', ServiceWorker>>
) => ({ active: null, installing: null, waiting: null, ...parts });

describe('awaitsControl', () => {
	it('waits on a first visit while the worker installs or waits to activate', () => {
		expect(
			awaitsControl({ controlled: false, registration: registration({ installing: worker }) })
		).toBe(true);
		expect(
			awaitsControl({ controlled: false, registration: registration({ waiting: worker }) })
		).toBe(true);
	});

	it('starts at once on a page already controlled', () => {
		expect(
			awaitsControl({ controlled: true, registration: registration({ active: worker }) })
		).toBe(false);
	});

	it('starts at once after a reload that bypassed an active worker, even with an update installing', () => {
		expect(
			awaitsControl({ controlled: false, registration: registration({ active: worker }) })
		).toBe(false);
		expect(
			awaitsControl({
				controlled: false,
				registration: registration({ active: worker, installing: worker })
			})
		).toBe(false);
	});

	it('starts at once when there is no worker to wait for', () => {
		expect(awaitsControl({ controlled: false })).toBe(false);
		expect(awaitsControl({ controlled: false, registration: registration({}) })).toBe(false);
	});
});

describe('onControllerChange', () => {
	it('does nothing when the first version claims a page that had no controller', () => {
		expect(onControllerChange(false, false)).toBe('nothing');
		expect(onControllerChange(false, true)).toBe('nothing');
	});

	it('reloads a page that accepted the update, and offers it on one that did not', () => {
		expect(onControllerChange(true, true)).toBe('reload');
		expect(onControllerChange(true, false)).toBe('offer');
	});
});
