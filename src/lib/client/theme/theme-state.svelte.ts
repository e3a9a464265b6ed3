import { applyThemeChoice, loadThemeChoice, saveThemeChoice, type ThemeChoice } from './theme';

/** The theme picked on this device, shared by every toggle on the page. */
class ThemeState {
	choice = $state<ThemeChoice>(
		typeof localStorage === 'undefined' ? 'system' : loadThemeChoice(localStorage)
	);

	/** Picks a theme: applied at once and remembered on this device. */
	pick(choice: ThemeChoice): void {
		this.choice = choice;
		saveThemeChoice(localStorage, choice);
		applyThemeChoice(document, choice);
	}
}

/** The page's theme (see theme.ts). */
export const theme = new ThemeState();
