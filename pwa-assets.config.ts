import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config';

// The app's icons, drawn from one source image: `npm run icons` writes them beside it in
// static/icons/ (the PNGs and favicon are committed). The maskable and Apple icons stand on
// the source's own teal, so that no white shows round a platform's mask.
export default defineConfig({
	headLinkOptions: { preset: '2023' },
	preset: {
		...minimal2023Preset,
		maskable: { ...minimal2023Preset.maskable, resizeOptions: { background: '#1f4e5f' } },
		apple: { ...minimal2023Preset.apple, resizeOptions: { background: '#1f4e5f' } }
	},
	images: ['static/icons/outpost.svg']
});
