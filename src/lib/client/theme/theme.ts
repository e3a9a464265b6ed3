/**
 * The colour theme: the system's setting until the user picks light or dark, remembered on the
 * device. A pick sets `data-theme` on <html>, which src/app.css follows; static/theme.js applies
 * the stored pick before the first paint, so a reload never flashes the other theme.
 */

/** What the user can pick. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** The localStorage key of the pick (static/theme.js reads the same key). */
export const THEME_KEY = 'outpost.theme';

/** The colour of the browser's bar for each theme, the header's surface (see app.css). */
const BAR_COLOURS = { light: '#ffffff', dark: '#182024' } as const;

/** The storage the pick is kept in: localStorage in the page, a fake in tests. */
export type ThemeStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The stored pick; anything unknown (or storage that throws) is the system's. */
export function loadThemeChoice(storage: ThemeStorage): ThemeChoice {
	try {
		const stored = storage.getItem(THEME_KEY);
		return stored === 'light' || stored === 'dark' ? stored : 'system';
	} catch {
		return 'system';
	}
}

/** Remembers the pick; `system` forgets it, so that the system's setting applies again. */
export function saveThemeChoice(storage: ThemeStorage, choice: ThemeChoice): void {
	try {
		if (choice === 'system') storage.removeItem(THEME_KEY);
		else storage.setItem(THEME_KEY, choice);
	} catch {
		// Storage refused (private mode, full): the pick holds for this page only.
	}
}

/**
 * Applies a pick to the document: `data-theme` on <html> (none for the system's setting) and
 * the browser bar's colour.
 */
export function applyThemeChoice(document: Document, choice: ThemeChoice): void {
	const root = document.documentElement;
	if (choice === 'system') delete root.dataset.theme;
	else root.dataset.theme = choice;
	for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
		const scheme = meta.media.includes('dark') ? 'dark' : 'light';
		meta.content = BAR_COLOURS[choice === 'system' ? scheme : choice];
	}
}
