import type { ChangeNotice } from '$lib/worker/sync-worker-api';

/**
 * Gathers the worker's change notices between two updates of the page, so that a burst (a
 * pull of many pages) costs the page one read per kind of change.
 */
export class NoticeQueue {
	#sessions = false;
	#status = false;
	#messages = new Map<string, Set<string>>();

	add(notice: ChangeNotice): void {
		// The list shows each chat's last activity: a message written may move its chat.
		if (notice.sessions.length > 0 || notice.messages.length > 0) this.#sessions = true;
		if (notice.status) this.#status = true;
		for (const { sessionId, ids } of notice.messages) {
			const set = this.#messages.get(sessionId) ?? new Set<string>();
			for (const id of ids) set.add(id);
			this.#messages.set(sessionId, set);
		}
	}

	get empty(): boolean {
		return !this.#sessions && !this.#status && this.#messages.size === 0;
	}

	/** What has gathered since the last take, and an empty queue. */
	take(): { sessions: boolean; status: boolean; messages: Map<string, string[]> } {
		const taken = {
			sessions: this.#sessions,
			status: this.#status,
			messages: new Map([...this.#messages].map(([id, ids]) => [id, [...ids]]))
		};
		this.#sessions = false;
		this.#status = false;
		this.#messages.clear();
		return taken;
	}
}
