/**
 * A local OpenAI-compatible model provider for tests: `POST /v1/chat/completions` (streamed
 * like OpenAI's, or whole) and `GET /v1/models`, with scriptable behaviour. Tests drive it in
 * process, or over HTTP when the app runs as its own process:
 * - `POST /control` with a Control body (see fake-provider-behaviour.ts) → `200 {"ok": true}`;
 * - `GET /requests` → `{"requests": RecordedRequest[], "modelLists": <GET /v1/models so far>}`.
 *
 * Standalone: `npx tsx tests/support/fake-provider.ts --port 4599`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	completionRequest,
	contentText,
	control,
	echoText,
	type Behaviour,
	type CompletionRequest,
	type Control,
	type ModelListing
} from './fake-provider-behaviour';
import { completion, streamReply } from './fake-provider-stream';

export type { Behaviour, Control, ModelListing };

/** A chat-completions request the fake received. */
export interface RecordedRequest {
	model: string;
	messages: { role: string; content: string }[];
	stream: boolean;
	/** Whether it asked for the usage chunk (`stream_options.include_usage`). */
	includeUsage: boolean;
	/** Its Authorization header, if any. */
	authorization: string | undefined;
}

/** A running fake provider. */
export interface FakeProvider {
	/** `http://127.0.0.1:<port>/v1`: the base URL to give the app (LLM_BASE_URL). */
	readonly url: string;
	/** `http://127.0.0.1:<port>`: where `/control` and `/requests` are. */
	readonly origin: string;
	/** Queues behaviours: each request takes the next one, then the default. */
	behave(next: Behaviour | Behaviour[]): void;
	/** Sets the behaviour of requests once the queue is empty (at first: an echo reply). */
	setDefault(fallback: Behaviour): void;
	/** Sets what `/v1/models` answers. */
	setModels(models: ModelListing): void;
	/** Applies a Control body, as `POST /control` does. */
	control(body: Control): void;
	/** The chat-completions requests received so far, oldest first. */
	readonly requests: RecordedRequest[];
	/** How many times `/v1/models` has been asked. */
	modelLists(): number;
	/** Stops listening and closes every connection, hanging ones included. */
	close(): Promise<void>;
}

/** The models `/v1/models` lists unless told otherwise. */
export const FAKE_MODELS = ['fake-small', 'fake-large', 'fake-vision'];

const ECHO: Behaviour = { kind: 'reply' };

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((done, fail) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (piece: string) => (body += piece));
		req.on('end', () => done(body));
		req.on('error', fail);
	});
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function errorBody(status: number, message: string) {
	return { error: { message, type: 'fake_error', code: status } };
}

/** Starts a fake provider on 127.0.0.1 (`port` 0 or absent: any free port). */
export async function startFakeProvider(
	options: { port?: number; models?: ModelListing } = {}
): Promise<FakeProvider> {
	const queue: Behaviour[] = [];
	const requests: RecordedRequest[] = [];
	let fallback: Behaviour = ECHO;
	let models: ModelListing = options.models ?? FAKE_MODELS;
	let lists = 0;

	function apply(body: Control): void {
		if (body.reset) {
			queue.length = 0;
			requests.length = 0;
			fallback = ECHO;
			models = options.models ?? FAKE_MODELS;
			lists = 0;
		}
		if (body.queue) queue.push(...body.queue);
		if (body.default) fallback = body.default;
		if (body.models) models = body.models;
	}

	async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const parsed = completionRequest.safeParse(parseJson(await readBody(req)));
		if (!parsed.success) return json(res, 400, errorBody(400, 'Not a chat-completions request.'));
		const request: CompletionRequest = parsed.data;
		requests.push({
			model: request.model,
			messages: request.messages.map((m) => ({ role: m.role, content: contentText(m.content) })),
			stream: request.stream === true,
			includeUsage: request.stream_options?.include_usage === true,
			authorization: req.headers.authorization
		});
		const behaviour = queue.shift() ?? fallback;
		switch (behaviour.kind) {
			case 'status':
				res.writeHead(behaviour.status, {
					'content-type': 'application/json',
					...(behaviour.retryAfter === undefined
						? {}
						: { 'retry-after': String(behaviour.retryAfter) })
				});
				res.end(behaviour.body ?? JSON.stringify(errorBody(behaviour.status, 'The fake says no.')));
				return;
			case 'hang':
				if (behaviour.headers !== false) {
					res.writeHead(200, { 'content-type': 'text/event-stream' });
					res.flushHeaders();
				}
				return; // close() ends it
			default:
				if (!request.stream) {
					return json(res, 200, completion(request, behaviour.text ?? echoText(request)));
				}
				return streamReply(request, res, behaviour);
		}
	}

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://fake').pathname;
		if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
		if (req.method === 'GET' && path === '/v1/models') {
			lists++;
			if (!Array.isArray(models)) {
				return json(res, models.status, errorBody(models.status, 'No models today.'));
			}
			const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' }));
			return json(res, 200, { object: 'list', data });
		}
		if (req.method === 'POST' && path === '/control') {
			const body = control.safeParse(parseJson(await readBody(req)));
			if (!body.success) return json(res, 400, { error: body.error.issues });
			apply(body.data);
			return json(res, 200, { ok: true });
		}
		if (req.method === 'GET' && path === '/requests') {
			return json(res, 200, { requests, modelLists: lists });
		}
		json(res, 404, errorBody(404, `No route ${req.method} ${path}.`));
	}

	const server = createServer((req, res) => {
		route(req, res).catch((error: unknown) => {
			if (!res.headersSent) json(res, 500, errorBody(500, String(error)));
			else res.destroy();
		});
	});
	await new Promise<void>((listening, fail) => {
		server.once('error', fail);
		server.listen(options.port ?? 0, '127.0.0.1', () => listening());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const origin = `http://127.0.0.1:${port}`;
	return {
		url: `${origin}/v1`,
		origin,
		behave(next) {
			queue.push(...(Array.isArray(next) ? next : [next]));
		},
		setDefault(next) {
			fallback = next;
		},
		setModels(next) {
			models = next;
		},
		control: apply,
		requests,
		modelLists: () => lists,
		close() {
			return new Promise<void>((closed) => {
				server.close(() => closed());
				server.closeAllConnections();
			});
		}
	};
}

function portArgument(argv: string[]): number {
	const index = argv.indexOf('--port');
	const port = index >= 0 ? Number(argv[index + 1]) : 0;
	if (!Number.isInteger(port) || port < 0) throw new Error('--port takes a port number');
	return port;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
	void startFakeProvider({ port: portArgument(process.argv) }).then((fake) => {
		console.log(`fake model provider at ${fake.url} (control: POST ${fake.origin}/control)`);
		const stop = () => void fake.close().then(() => process.exit(0));
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	});
}
