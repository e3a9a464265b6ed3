import { describe, expect, it } from 'vitest';
import { loadThemeChoice, saveThemeChoice, THEME_KEY, type ThemeStorage } from './theme';

function memoryStorage(
	initial: Record<string, string> = {}
): ThemeStorage & { data: Map<string, string> } {
	const data = new Map(Object.entries(initial));
	return {
		data,
		getItem: (key) => data.get(key) ?? null,
		setItem: (key, value) => void data.set(key, value),
		removeItem: (key) => void data.delete(key)
	};
}

describe('theme choice', () => {
	it('follows the system until light or dark is picked, and remembers the pick', () => {
		const storage = memoryStorage();
		expect(loadThemeChoice(storage)).toBe('system');
		saveThemeChoice(storage, 'dark');
		expect(loadThemeChoice(storage)).toBe('dark');
		saveThemeChoice(storage, 'system');
		expect(storage.data.has(THEME_KEY)).toBe(false);
		expect(loadThemeChoice(storage)).toBe('system');
	});

	it('reads anything unknown, or a storage that throws, as the system setting', () => {
		expect(loadThemeChoice(memoryStorage({ [THEME_KEY]: 'sepia' }))).toBe('system');
		const throwing: ThemeStorage = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('denied');
			},
			removeItem: () => {}
		};
		expect(loadThemeChoice(throwing)).toBe('system');
		expect(() => saveThemeChoice(throwing, 'light')).not.toThrow();
	});
});
