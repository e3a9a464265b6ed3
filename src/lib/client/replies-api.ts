import { modelList, type ModelList } from '$lib/protocol/models';
import { apiError } from './api-error';

/** The models the server offers, or null when they cannot be read (offline, an error). */
export async function fetchModels(): Promise<ModelList | null> {
	try {
		const response = await fetch('/api/models', { headers: { accept: 'application/json' } });
		if (!response.ok) return null;
		const parsed = modelList.safeParse(await response.json());
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/** The outcome of Stop: the server stopped the reply, none was being written, or it failed. */
export type StopResult = { ok: true } | { ok: false; notRunning: boolean; message: string };

/**
 * Asks the server to stop writing the reply to user message `messageId`; it keeps the text so
 * far as a stopped reply, which the next pull brings.
 */
export async function stopReply(messageId: string): Promise<StopResult> {
	let response: Response;
	try {
		response = await fetch('/api/replies/stop', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ messageId })
		});
	} catch {
		return { ok: false, notRunning: false, message: 'Stop needs a connection to the server.' };
	}
	if (response.ok) return { ok: true };
	const error = await apiError(response);
	return { ok: false, notRunning: response.status === 404, message: error.message };
}
