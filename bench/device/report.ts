import { median } from '../measure';
import { OPENS_PER_RUN, SENDS_PER_RUN, type DeviceRunFigures } from './device-run';
import type { TaskSummary } from './page-probe';
import type { SendFigures } from './send-step';
import type { WorkerDiffFigures } from './worker-diff/page';

/** What the device section measured, per conversation size. */
export interface DeviceResults {
	sizes: readonly number[];
	devices: ReadonlyMap<number, readonly DeviceRunFigures[]>;
	workers: ReadonlyMap<number, WorkerDiffFigures>;
}

/** One line of the table: a figure per size, the target, and whether the largest size met it. */
interface Row {
	step: string;
	cells: (size: number) => string;
	target: string;
	met: boolean | undefined;
}

const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** A duration as people read it: ms below a second, else seconds. */
export const duration = (ms: number) =>
	ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

const bytes = (n: number) => (n < 10_240 ? `${Math.round(n)} B` : `${(n / 1024).toFixed(0)} KB`);

function tasks(summaries: readonly TaskSummary[]): string {
	if (summaries.length === 0) return '–';
	const some = summaries.filter((s) => s.count > 0);
	if (some.length === 0) return 'none';
	const longest = Math.max(...some.map((s) => s.longestMs));
	const typical = median(summaries.map((s) => s.count));
	return [
		`in ${some.length} of ${summaries.length}`,
		typical > 0
			? `median ${typical} (${duration(median(summaries.map((s) => s.totalMs)))} in all)`
			: '',
		`the longest ${duration(longest)}`
	]
		.filter(Boolean)
		.join('; ');
}

function uploads(sends: readonly SendFigures[]): string {
	if (sends.length === 0) return '–';
	const pushes = median(sends.map((s) => s.pushes));
	const sent = `${bytes(median(sends.map((s) => s.bytes)))} in ${plural(pushes, 'push', 'pushes')}`;
	const errors = [...new Set(sends.flatMap((s) => (s.replyError ? [s.replyError] : [])))];
	return errors.length === 0
		? sent
		: `${sent}; ${errors.length === sends.length ? 'no' : 'not every'} reply: “${errors.join('”, “')}”`;
}

const metText = (met: boolean | undefined) => (met === undefined ? '–' : met ? 'yes' : '**no**');

/** The rows of the device runs (sign-in, opening, Send), judged at the largest size. */
function deviceRows(results: DeviceResults, judged: number): Row[] {
	const runs = (size: number) => results.devices.get(size) ?? [];
	const signIns = (size: number) => runs(size).map((r) => r.signIn);
	const opens = (size: number) => runs(size).flatMap((r) => r.opens);
	const sends = (size: number) => runs(size).flatMap((r) => r.sends);
	const at = (values: (size: number) => number[]) => (size: number) =>
		values(size).length === 0 ? '–' : duration(median(values(size)));
	const listMs = (size: number) => signIns(size).map((s) => s.listMs);
	const openMs = (size: number) => opens(size).map((o) => o.shownMs);
	const pushMs = (size: number) => sends(size).map((s) => s.pushMs);
	const timeRow = (step: string, values: (size: number) => number[], limit?: number): Row => ({
		step,
		cells: at(values),
		target: limit === undefined ? '–' : `≤ ${duration(limit)}`,
		met:
			limit === undefined || values(judged).length === 0
				? undefined
				: median(values(judged)) <= limit
	});
	const taskRow = (step: string, summaries: (size: number) => TaskSummary[]): Row => ({
		step: `Long main-thread tasks ${step}`,
		cells: (size) => tasks(summaries(size)),
		target: 'none over 50 ms',
		met: summaries(judged).length === 0 ? undefined : summaries(judged).every((t) => t.count === 0)
	});
	return [
		timeRow('Sign in on a new device → the chat list shows', listMs, 3000),
		{
			...timeRow('Sign in → the newest message of the newest chat on screen', (size) =>
				signIns(size).map((s) => s.newestMs)
			),
			target: 'before the whole history has arrived',
			met:
				signIns(judged).length === 0
					? undefined
					: signIns(judged).every((s) => s.newestMs < s.lastPageMs)
		},
		timeRow('Sign in → the last page of the history arrived (`hasMore: false`)', (size) =>
			signIns(size).map((s) => s.lastPageMs)
		),
		timeRow('Sign in → the status says “All synced”', (size) =>
			signIns(size).map((s) => s.syncedMs)
		),
		taskRow('from Sign in until the newest message shows and “All synced”', (size) =>
			signIns(size).map((s) => s.tasks)
		),
		timeRow(
			'Open the conversation (click in the chat list) → its newest message on screen',
			openMs,
			300
		),
		taskRow('while opening', (size) => opens(size).map((o) => o.tasks)),
		timeRow('Send (click) → its push on the wire', pushMs, 50),
		timeRow('… of which until the worker’s request, before the service worker relays it', (size) =>
			sends(size).map((s) => s.requestMs)
		),
		taskRow('from Send until the server’s reply shows whole and “All synced”', (size) =>
			sends(size).map((s) => s.tasks)
		),
		{
			step: 'Bytes uploaded per message (push bodies; the server writes the reply)',
			cells: (size) => uploads(sends(size)),
			target: '–',
			met: undefined
		},
		...growthRows(results.sizes, { listMs, openMs, pushMs })
	];
}

/** The growth from the smallest size to the largest of the times that have a target. */
function growthRows(
	sizes: readonly number[],
	times: Record<'listMs' | 'openMs' | 'pushMs', (size: number) => number[]>
): Row[] {
	const small = sizes[0];
	const large = sizes.at(-1);
	if (small === undefined || large === undefined || small === large) return [];
	const names = { listMs: 'chat list', openMs: 'opening', pushMs: 'Send → push' };
	const ratios = (Object.keys(names) as (keyof typeof names)[]).flatMap((key) => {
		const [a, b] = [times[key](small), times[key](large)];
		return a.length && b.length ? [{ name: names[key], ratio: median(b) / median(a) }] : [];
	});
	if (ratios.length === 0) return [];
	return [
		{
			step: `Times at ${count(large)} ÷ times at ${count(small)}`,
			cells: (size) =>
				size === large ? ratios.map((r) => `${r.name} ${r.ratio.toFixed(2)}×`).join(', ') : '–',
			target: 'each ≤ 1.5×',
			met: ratios.every((r) => r.ratio <= 1.5)
		}
	];
}

/** The worker's save of a whole conversation with one message changed. */
function workerRows(results: DeviceResults, judged: number): Row[] {
	const diffMs = (size: number) => {
		const figures = results.workers.get(size);
		return figures ? median(figures.oneChangedMs) - median(figures.copyMs) : undefined;
	};
	const judgedMs = diffMs(judged);
	return [
		{
			step: 'Worker `save()` of the whole conversation, one message changed: its diff and hash',
			cells: (size) => {
				const figures = results.workers.get(size);
				const ms = diffMs(size);
				if (!figures || ms === undefined) return '–';
				return `${duration(ms)} (${duration(median(figures.oneChangedMs))} from the page, less ${duration(median(figures.copyMs))} copying the records to the worker)`;
			},
			target: '≤ 100 ms',
			met: judgedMs === undefined ? undefined : judgedMs <= 100
		}
	];
}

/** The device section's Markdown table, with a line on what was run. */
export function deviceReport(results: DeviceResults, facts: { browser: string; runs: number }) {
	const judged = results.sizes.at(-1) ?? 0;
	const rows = [
		...(results.devices.size > 0 ? deviceRows(results, judged) : []),
		...(results.workers.size > 0 ? workerRows(results, judged) : [])
	];
	const head = `| step | ${results.sizes.map((s) => `${count(s)} messages`).join(' | ')} | target at ${count(judged)} | met |`;
	const rule = `| --- | ${results.sizes.map(() => '---:').join(' | ')} | --- | :-: |`;
	const lines = rows.map(
		(row) =>
			`| ${row.step} | ${results.sizes.map((s) => row.cells(s)).join(' | ')} | ${row.target} | ${metText(row.met)} |`
	);
	const medians = [
		results.devices.size > 0
			? `${plural(facts.runs, 'new device', 'new devices')} per size (${OPENS_PER_RUN} openings and ${SENDS_PER_RUN} Sends each)`
			: '',
		results.workers.size > 0 ? plural(facts.runs, 'worker save', 'worker saves') : ''
	].filter(Boolean);
	return [
		`On the device: Chromium ${facts.browser}, the production build (\`node build\`) on PostgreSQL 15, one conversation of each size; medians of ${medians.join(' and of ')}, each after an unmeasured one.`,
		'',
		head,
		rule,
		...lines
	].join('\n');
}
