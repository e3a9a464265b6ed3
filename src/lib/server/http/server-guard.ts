import { statSync } from 'node:fs';
import type { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { isApiPath } from './api-path';
import type { CredentialGate } from './credential-gate';
import { securityHeaders } from './security-headers';

/** Where the static files are and how to report trouble with them. */
export interface ServerGuardOptions {
	/** The folder adapter-node serves static files from (`build/client`). */
	clientDir: string;
	/** URL prefix of the hashed build files, which a rebuild deletes. */
	immutablePrefix?: string;
	/** Reports a file that could not be read while being served. */
	log?: (message: string) => void;
	/**
	 * The listen backlog for a `listen(options)` call that sets none (Node's default is 511;
	 * the kernel caps it at `net.core.somaxconn`).
	 */
	backlog?: number;
	/** Counts each credential's API requests and refuses those beyond its cap. */
	gate?: CredentialGate;
	/** Origins besides its own that a page may connect to (the Supabase project's). */
	connectTo?: readonly string[];
}

const DEFAULT_IMMUTABLE_PREFIX = '/_app/immutable/';

/** The request's path, decoded as adapter-node's static file server (sirv) decodes it. */
function requestPath(req: IncomingMessage): string {
	const raw = (req.url ?? '/').split('?')[0] ?? '/';
	try {
		return decodeURI(raw);
	} catch {
		return raw;
	}
}

/**
 * Whether `pathname` names a hashed build file that is not on disk (any more). The static file
 * server lists the files once at start-up and would open a deleted one, and the failed read
 * stream crashes the process: a rebuild under a running server deletes the old files.
 */
export function isMissingBuildFile(
	clientDir: string,
	pathname: string,
	prefix = DEFAULT_IMMUTABLE_PREFIX
): boolean {
	if (!pathname.startsWith(prefix)) return false;
	const file = join(clientDir, pathname);
	if (!file.startsWith(clientDir + sep)) return true;
	try {
		return !statSync(file, { throwIfNoEntry: false })?.isFile();
	} catch {
		// Unreadable for another reason (permissions): the static file server answers that.
		return false;
	}
}

/**
 * Answers a read stream piped into `res` that fails (a file deleted between the check above and
 * the read): 404 when nothing is sent yet, else the connection is cut. Without a listener the
 * stream's `error` event would be thrown and end the process.
 */
function guardPipedStreams(req: IncomingMessage, res: ServerResponse, log: (m: string) => void) {
	res.on('pipe', (source: Readable) => {
		source.on('error', (error: NodeJS.ErrnoException) => {
			log(`Could not read the file for ${req.method} ${req.url}: ${error.code ?? error.message}`);
			if (res.headersSent) {
				res.destroy();
				return;
			}
			res.removeHeader('content-length');
			res.writeHead(404, {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store'
			});
			res.end('Not Found');
		});
	});
}

/**
 * Ends `req` as soon as its client closes its side of the connection (while the answer is not
 * complete), so that the app's `request.signal` aborts and work not begun for it is skipped.
 * Node answers such a close by ending the connection, so that nothing more could be sent; but
 * the request itself would only be closed once the connection is, later.
 */
function endWhenClientLeaves(req: IncomingMessage, res: ServerResponse): void {
	const socket = req.socket;
	const left = () => {
		if (!res.writableEnded) req.destroy();
	};
	socket.once('end', left);
	res.once('close', () => socket.off('end', left));
}

const API_HEADERS = Object.entries(securityHeaders('/api/'));
const documentHeaders = new WeakMap<readonly string[], [string, string][]>();
const NO_ORIGINS: readonly string[] = [];

/** The security headers of an API answer or of a document, made once. */
function headersFor(api: boolean, connectTo = NO_ORIGINS): readonly [string, string][] {
	if (api) return API_HEADERS;
	let headers = documentHeaders.get(connectTo);
	if (!headers) {
		headers = Object.entries(securityHeaders('/', connectTo));
		documentHeaders.set(connectTo, headers);
	}
	return headers;
}

/**
 * Runs before every request handler of the server: sets the security headers (a handler may
 * still set its own), guards the static file server's read streams, ends a request whose
 * client left (endWhenClientLeaves), answers `429` itself to an
 * API request beyond its credential's cap (the gate), and answers a request for a hashed build
 * file that is gone with 404 itself. Returns true when it answered.
 */
export function guardRequest(
	req: IncomingMessage,
	res: ServerResponse,
	options: ServerGuardOptions
): boolean {
	const pathname = requestPath(req);
	const api = isApiPath(pathname);
	for (const [name, value] of headersFor(api, options.connectTo)) res.setHeader(name, value);
	// Only the static file server pipes files; the API's answers never do.
	if (!api) guardPipedStreams(req, res, options.log ?? console.error);
	endWhenClientLeaves(req, res);
	if (options.gate && api && !options.gate.admit(req, res)) return true;
	const reads = req.method === 'GET' || req.method === 'HEAD';
	if (reads && isMissingBuildFile(options.clientDir, pathname, options.immutablePrefix)) {
		res.writeHead(404, {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'no-store'
		});
		res.end(req.method === 'HEAD' ? undefined : 'Not Found');
		return true;
	}
	return false;
}

const GUARDED = Symbol('outpost.guarded');

/** The listen backlog when LISTEN_BACKLOG is not set. */
export const DEFAULT_LISTEN_BACKLOG = 4096;

/** LISTEN_BACKLOG as a number of connections; throws with a readable message on a bad value. */
export function listenBacklog(value: string | undefined): number {
	if (value === undefined || value === '') return DEFAULT_LISTEN_BACKLOG;
	const backlog = Number(value);
	if (!Number.isInteger(backlog) || backlog < 1) {
		throw new Error(
			`LISTEN_BACKLOG must be a positive whole number of connections, not "${value}"`
		);
	}
	return backlog;
}

/**
 * Puts guardRequest in front of every `request` listener of `server`, those added later
 * included, and gives a `listen({ host, port })` call (adapter-node's) the backlog of
 * `options`. Idempotent.
 */
export function guardServer<S extends Server>(server: S, options: ServerGuardOptions): S {
	const marked = server as S & { [GUARDED]?: true };
	if (marked[GUARDED]) return server;
	marked[GUARDED] = true;
	const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
	server.emit = ((event: string | symbol, ...args: unknown[]) => {
		if (event === 'request') {
			const [req, res] = args as [IncomingMessage, ServerResponse];
			if (guardRequest(req, res, options)) return true;
		}
		return emit(event, ...args);
	}) as S['emit'];
	if (options.backlog !== undefined) withBacklog(server, options.backlog);
	return server;
}

/**
 * Makes a `listen(options)` call without a backlog ask for `backlog` pending connections.
 * With Node's 511, a burst of connections (a flood of uploads from one client) overflows the
 * accept queue and the kernel drops other clients' connection attempts, which then wait a
 * second or three for a retransmit.
 */
function withBacklog(server: Server, backlog: number): void {
	const listen = server.listen.bind(server) as (...args: unknown[]) => Server;
	server.listen = ((...args: unknown[]) => {
		const [first, ...rest] = args;
		if (first && typeof first === 'object' && !('backlog' in first)) {
			return listen({ ...first, backlog }, ...rest);
		}
		return listen(...args);
	}) as Server['listen'];
}

/**
 * Makes `httpModule.createServer` guard every server it creates from now on. adapter-node
 * creates its server with `http.createServer()` after the instrumentation file has run, so
 * this reaches the static files and the prerendered page, which it serves before SvelteKit's
 * `handle` hook. Idempotent.
 */
export function guardNewServers(
	httpModule: { createServer: typeof createServer },
	options: ServerGuardOptions
): void {
	const current = httpModule.createServer as typeof httpModule.createServer & {
		[GUARDED]?: true;
	};
	if (current[GUARDED]) return;
	const guarded = ((...args: Parameters<typeof current>) =>
		guardServer(current(...args), options)) as typeof current;
	Object.assign(guarded, { [GUARDED]: true });
	httpModule.createServer = guarded;
}
