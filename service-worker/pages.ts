import type { PushReplayed } from '$lib/sync/service-worker-messages';
import { sw } from './scope';

/** Posts `message` to every open page of the app, controlled or not. */
export async function tellPages(message: PushReplayed): Promise<void> {
	const pages = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	for (const page of pages) page.postMessage(message);
}
