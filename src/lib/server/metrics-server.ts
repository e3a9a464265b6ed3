import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A running metrics server. */
export interface MetricsServer {
	/** `http://127.0.0.1:<port>`, no trailing slash. */
	readonly url: string;
	/** Stops listening and ends its open connections. Idempotent. */
	close(): Promise<void>;
}

/**
 * Serves `registry` as Prometheus text at `GET /metrics` on `host:port` (the loopback interface
 * unless told), without a token: only what runs on the machine itself can reach it. Resolves
 * once it listens; rejects when it cannot (the port is taken).
 */
export function startMetricsServer(
	registry: Registry,
	port: number,
	host = '127.0.0.1'
): Promise<MetricsServer> {
	const server: Server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path !== '/metrics') {
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
			return;
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
			res.end('Method Not Allowed');
			return;
		}
		registry.metrics().then(
			(text) => {
				res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
				res.end(req.method === 'HEAD' ? undefined : text);
			},
			(error: unknown) => {
				console.error('Could not collect the metrics', error);
				res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Error');
			}
		);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const address = server.address() as AddressInfo;
			let closing: Promise<void> | undefined;
			resolve({
				url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
				close() {
					closing ??= new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					});
					return closing;
				}
			});
		});
	});
}
