import { request, type Agent } from 'node:http';

/** The answer to one GET: its status, and whether it needed a connection of its own. */
export interface KeepAliveAnswer {
	status: number;
	/** The request went on a connection opened for it, not on an idle kept-alive one. */
	newConnection: boolean;
}

/**
 * GETs `url` through `agent` (a keep-alive agent, which opens a connection only when none of
 * its own is idle, as a browser does) and reads the answer to its end.
 */
export function keepAliveGet(
	agent: Agent,
	url: string,
	headers: Record<string, string>,
	signal: AbortSignal
): Promise<KeepAliveAnswer> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent, headers, signal }, (res) => {
			res.resume();
			res.once('end', () =>
				resolve({ status: res.statusCode ?? 0, newConnection: !req.reusedSocket })
			);
			res.once('error', reject);
		});
		req.once('error', reject);
		req.end();
	});
}
