// A child process of the reliability benchmark: the least an HTTP server on this machine can do
// under a flood. Node's http module with the app's listen backlog, answering every chat 429 at
// once without reading its body (closing the connection as soon as the answer is written, as the
// app's gate does) and every pull with an empty page. `npm run bench`'s http section times its
// round trip with `GET /bare`, and with `POST /bare` carrying a push's body, read to its end. It
// prints its port once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
	if (req.url === '/bare') {
		req.resume();
		req.on('end', () => {
			res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
			res.end('{"status":"ok"}');
		});
		return;
	}
	if (req.url?.startsWith('/api/sync/pull')) {
		res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
		res.end('{"records":[],"cursor":null,"more":false}');
		return;
	}
	res.writeHead(429, {
		'content-type': 'application/problem+json',
		'retry-after': '1',
		connection: 'close'
	});
	res.end('{"type":"about:blank","title":"Too Many Requests","status":429}');
	if (res.socket?.writableLength === 0) res.socket.destroy();
});
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
	process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
