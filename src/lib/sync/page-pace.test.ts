import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import { PagePace } from './page-pace';

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
	let done = false;
	void promise.then(() => (done = true));
	await new Promise((resolve) => setTimeout(resolve, 0));
	return done;
}

describe('PagePace', () => {
	it('is ready at once while the page has nothing to draw', async () => {
		const clock = new FakeClock();
		const pace = new PagePace(clock, 1000);
		expect(await settled(pace.ready())).toBe(true);
		expect(clock.timers.size).toBe(0);
	});

	it('waits, once the page was told of records, until it has drawn them', async () => {
		const clock = new FakeClock();
		const pace = new PagePace(clock, 1000);
		pace.told();
		const ready = pace.ready();
		expect(await settled(ready)).toBe(false);
		pace.caughtUp();
		expect(await settled(ready)).toBe(true);
		expect(clock.timers.size).toBe(0);
		// Drawn: the next page does not wait.
		expect(await settled(pace.ready())).toBe(true);
	});

	it('stops waiting at the cap for a page that never answers, and until it is told again', async () => {
		const clock = new FakeClock();
		const pace = new PagePace(clock, 1000);
		pace.told();
		const ready = pace.ready();
		clock.fire();
		expect(await settled(ready)).toBe(true);
		expect(await settled(pace.ready())).toBe(true);
		pace.told();
		expect(await settled(pace.ready())).toBe(false);
	});

	it('wakes every pull waiting', async () => {
		const pace = new PagePace(new FakeClock(), 1000);
		pace.told();
		const first = pace.ready();
		const second = pace.ready();
		pace.caughtUp();
		expect(await settled(first)).toBe(true);
		expect(await settled(second)).toBe(true);
	});
});
