import { fork } from 'node:child_process';

/** A small HTTP server of the benchmark, running in a process of its own. */
export interface ChildServer {
	/** `http://127.0.0.1:<port>` */
	url: string;
	stop(): void;
}

/**
 * Starts the TypeScript file `script` (a server that prints its port once listening) in a
 * Node process of its own, through tsx, with `env` added to this process's environment.
 */
export async function forkServer(
	script: string,
	env: Record<string, string> = {}
): Promise<ChildServer> {
	const child = fork(script, [], {
		execArgv: ['--import', 'tsx'],
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit', 'ipc']
	});
	try {
		const port = await new Promise<string>((resolve, reject) => {
			child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
			child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
		});
		return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
	} catch (error) {
		child.kill();
		throw error;
	}
}
