import { getContext, setContext } from 'svelte';

const KEY = Symbol('message-sync');

/**
 * Whether the messages saved on this device are on their way to the server right now (an
 * account, online, syncing, no failure): they show "Sending…" rather than "Saved on this
 * device". Set by the page, read by each message's state, so that the conversation between
 * them needs no prop for it.
 */
export function setMessageUpload(uploading: () => boolean): void {
	setContext(KEY, uploading);
}

/** Whether unsent messages are being sent now (false where no page set it). */
export function messagesUploading(): () => boolean {
	return getContext<(() => boolean) | undefined>(KEY) ?? (() => false);
}
