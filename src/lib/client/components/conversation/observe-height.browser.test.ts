import { describe, expect, it } from 'vitest';
import { observeHeight } from './observe-height';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('observeHeight in the browser', () => {
	it('reports the height once the page is laid out, then each change, and nothing after destroy', async () => {
		const element = document.createElement('p');
		element.style.height = '40px';
		element.style.margin = '0';
		document.body.append(element);
		const heights: number[] = [];
		const action = observeHeight(element, (height) => heights.push(height));
		// Nothing is read while the task that mounted it runs.
		expect(heights).toEqual([]);
		await expect.poll(() => heights).toEqual([40]);
		element.style.height = '64px';
		await expect.poll(() => heights).toEqual([40, 64]);
		action.destroy();
		element.style.height = '10px';
		await nextFrame();
		await nextFrame();
		expect(heights).toEqual([40, 64]);
		element.remove();
	});
});
