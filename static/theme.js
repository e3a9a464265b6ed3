// Applies the colour theme picked on this device before the first paint, so that a reload
// never flashes the other theme. The page's own code is src/lib/client/theme/theme.ts (same key).
{
	try {
		const theme = localStorage.getItem('outpost.theme');
		if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
	} catch {
		// No storage (private mode): the system's setting applies.
	}
}
