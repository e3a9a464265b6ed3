/**
 * The model the user picked for their messages, remembered on this device. `null` leaves the
 * choice to the server (its default model).
 */

import type { ModelList } from '$lib/protocol/models';

const KEY = 'outpost.model';

/** The model remembered on this device, or null. */
export function loadModel(): string | null {
	try {
		return localStorage.getItem(KEY);
	} catch {
		return null;
	}
}

/** Remembers the model picked (null: the server's default). */
export function saveModel(model: string | null): void {
	try {
		if (model === null) localStorage.removeItem(KEY);
		else localStorage.setItem(KEY, model);
	} catch {
		// Storage refused (private mode, quota): the choice lasts for this page only.
	}
}

/** The models the picker offers: none (it hides) unless the server lists more than one. */
export function pickerModels(list: ModelList | null): string[] {
	if (!list) return [];
	const models = [list.default, ...list.models.filter((m) => m !== list.default)];
	return models.length > 1 ? models : [];
}

/**
 * The model a message asks for: the one remembered, unless the server's list (when it could be
 * read) no longer has it or has it as its default; else null, the server's default.
 */
export function modelToSend(list: ModelList | null, remembered: string | null): string | null {
	if (remembered === null) return null;
	if (!list) return remembered;
	if (remembered === list.default || !list.models.includes(remembered)) return null;
	return remembered;
}
