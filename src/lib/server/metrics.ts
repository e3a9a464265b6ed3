import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** This process's metrics registry, scraped at `GET /metrics`. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'outpost_' });

/** Push requests answered, by outcome (applied, replayed, conflict, rate_limited, invalid). */
export const pushes = new Counter({
	name: 'outpost_sync_pushes_total',
	help: 'Push requests answered, by outcome',
	labelNames: ['outcome'] as const,
	registers: [registry]
});

/** Pushed records, by result status. */
export const pushedRecords = new Counter({
	name: 'outpost_sync_records_total',
	help: 'Pushed records, by result status',
	labelNames: ['status'] as const,
	registers: [registry]
});

/** Database rows written by pushes (records, stats, usage, sequence, batch). */
export const rowsWritten = new Counter({
	name: 'outpost_sync_rows_written_total',
	help: 'Database rows written by pushes',
	registers: [registry]
});

/** Batches answered from the stored response. */
export const replays = new Counter({
	name: 'outpost_sync_replays_total',
	help: 'Batches answered with their stored response',
	registers: [registry]
});

/** Time to answer a push. */
export const pushDuration = new Histogram({
	name: 'outpost_sync_push_duration_seconds',
	help: 'Time to answer a push request',
	buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
	registers: [registry]
});

/** Pull requests answered, by outcome. */
export const pulls = new Counter({
	name: 'outpost_sync_pulls_total',
	help: 'Pull requests answered, by outcome',
	labelNames: ['outcome'] as const,
	registers: [registry]
});
