/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { v7 as uuidv7 } from 'uuid';
import { browserConnection, syncPace } from '$lib/sync/sync-pace';
import { deleteIdbJournal, openIdbJournal } from './idb-journal';
import { SyncWorkerService } from './sync-worker-service';
import { broadcastTabChannels } from './tab-channel';
import { memoryLocks } from './tab-locks';
import { fetchEvents, fetchTransport } from './transport';

const service = new SyncWorkerService({
	openJournal: openIdbJournal,
	deleteJournal: deleteIdbJournal,
	transport: fetchTransport,
	events: fetchEvents,
	clock: {
		setTimeout: (fn, ms) => setTimeout(fn, ms),
		clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
	},
	newId: () => uuidv7(),
	now: () => Date.now(),
	// Read at every use: with Save-Data or on 2G, changes wait longer to share a push and
	// pulls nobody asked for wait longer (see sync-pace.ts).
	get pushWindowMs() {
		return syncPace(browserConnection()).pushWindowMs;
	},
	get quietMs() {
		return syncPace(browserConnection()).quietMs;
	},
	get fallbackPullMs() {
		return syncPace(browserConnection()).fallbackPullMs;
	},
	// One tab of an account syncs for all of them (Web Locks work in dedicated workers). Web
	// Locks need a secure context: without them every tab syncs on its own, as it once did.
	tabs: { locks: navigator.locks ?? memoryLocks(), openChannel: broadcastTabChannels() }
});

Comlink.expose(service);
