import { resolve } from 'node:path';
import { readSupabaseConfig, type SupabaseConfig } from './supabase/supabase-config';

/** Settings read from the environment (see the README's configuration table). */
export interface ServerConfig {
	/** Supabase mode (users are Supabase Auth's), when SUPABASE_URL and SUPABASE_ANON_KEY are set. */
	supabase: SupabaseConfig | undefined;
	/** Folder of the embedded database and the generated session secret. */
	dataDir: string;
	/** PostgreSQL connection string; the embedded PGlite is used when absent. */
	databaseUrl: string | undefined;
	/**
	 * A direct connection to the database of `databaseUrl`, set when that is a transaction-mode
	 * pooler: listening and the migrations go there, and nothing is prepared through the pooler.
	 */
	databaseDirectUrl: string | undefined;
	/** Secret that signs session tokens; generated into `dataDir` when absent. */
	sessionSecret: string | undefined;
	/** Most connections to PostgreSQL per process. */
	databasePoolSize: number;
	/** Push and pull requests per user per minute; 0 turns the limit off. */
	syncRateLimit: number;
	/** When set, `GET /metrics` answers with `Authorization: Bearer <token>`; otherwise it is not served. */
	metricsToken: string | undefined;
	/** When set, metrics are also served without a token on this port of the loopback interface only. */
	metricsPort: number | undefined;
	/** Chat replies per user per minute; 0 turns the limit off. */
	chatRateLimit: number;
	/** Replies one user may have generating at once, across every instance; 0 turns the cap off. */
	chatConcurrentLimit: number;
	/** Failed sign-ins per account, and per client address, in 15 minutes; 0 turns the limit off. */
	loginRateLimit: number;
	/** Sign-ups per client address per hour; 0 turns the limit off. */
	signupRateLimit: number;
	/** How long a reply being written holds its job without renewing it (an instance that died lets go). */
	replyLeaseMs: number;
	/** Replies this instance writes at once. */
	replySlots: number;
	/** The model provider's API key (OpenRouter unless `llmBaseUrl` says otherwise); never logged. */
	llmApiKey: string | undefined;
	/** An OpenAI-compatible API's base URL (Ollama, llama.cpp, vLLM…), without a trailing slash. */
	llmBaseUrl: string | undefined;
	/** The default model; replies name it unless a message asks for another. */
	llmModel: string | undefined;
	/** No first token, or no next chunk, from the provider for this long fails the reply. */
	llmTimeoutMs: number;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value.trim() === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) {
		throw new Error(`${name} must be a whole number, not "${value}"`);
	}
	return parsed;
}

/** A duration of at least 1 ms. */
function durationMs(value: string | undefined, fallback: number, name: string): number {
	const ms = positiveInt(value, fallback, name);
	if (ms === 0) throw new Error(`${name} must be at least 1 (milliseconds), not "${value}"`);
	return ms;
}

/** An http(s) URL without its trailing slashes, or undefined when unset. */
function baseUrl(value: string | undefined, name: string): string | undefined {
	const trimmed = value?.trim();
	if (!trimmed) return undefined;
	const url = URL.canParse(trimmed) ? new URL(trimmed) : undefined;
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new Error(
			`${name} must be an http(s) URL such as http://localhost:11434/v1, not "${trimmed}"`
		);
	}
	return trimmed.replace(/\/+$/, '');
}

/** A `postgres://` or `postgresql://` connection string, or undefined when unset. */
function postgresUrl(value: string | undefined, name: string): string | undefined {
	const trimmed = value?.trim();
	if (!trimmed) return undefined;
	// Only the scheme: postgres.js reads more than a URL parser takes (several hosts, a socket).
	if (!/^postgres(?:ql)?:\/\//i.test(trimmed)) {
		// The value is not repeated: it may hold a password.
		throw new Error(
			`${name} must be a connection string such as postgres://user:password@host:5432/database`
		);
	}
	return trimmed;
}

/** DATABASE_URL, and DATABASE_DIRECT_URL beside it when DATABASE_URL is a pooler. */
function databaseUrls(env: NodeJS.ProcessEnv) {
	const databaseUrl = postgresUrl(env.DATABASE_URL, 'DATABASE_URL');
	const databaseDirectUrl = postgresUrl(env.DATABASE_DIRECT_URL, 'DATABASE_DIRECT_URL');
	if (databaseDirectUrl && !databaseUrl) {
		throw new Error(
			'DATABASE_DIRECT_URL is the direct connection beside the pooler of DATABASE_URL: set DATABASE_URL too'
		);
	}
	return { databaseUrl, databaseDirectUrl };
}

/**
 * PostgreSQL connections per server process when DATABASE_POOL_SIZE is not set. A push holds its
 * connection until its commit is on disk, so the pool caps a process's pushes at its size
 * divided by the time a commit takes: with 10, a disk that takes 20 ms to flush (a busy
 * virtual disk) capped it at 500 a second and a queue built up behind each slow flush; with 20
 * and more, the flushes that wait together are written together (measured in
 * bench/reliability). Instances × pool size must stay under the database's max_connections
 * (PostgreSQL's default is 100).
 */
export const DEFAULT_POOL_SIZE = 20;

/** Reads the server settings from an environment. Throws with a readable message when one is off. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const sessionSecret = env.SESSION_SECRET?.trim();
	return {
		supabase: readSupabaseConfig(env),
		dataDir: resolve(env.DATA_DIR?.trim() || './data'),
		...databaseUrls(env),
		sessionSecret: sessionSecret ? sessionSecret : undefined,
		databasePoolSize: positiveInt(env.DATABASE_POOL_SIZE, DEFAULT_POOL_SIZE, 'DATABASE_POOL_SIZE'),
		syncRateLimit: positiveInt(env.SYNC_RATE_LIMIT, 600, 'SYNC_RATE_LIMIT'),
		metricsToken: env.METRICS_TOKEN?.trim() || undefined,
		metricsPort: env.METRICS_PORT?.trim()
			? positiveInt(env.METRICS_PORT, 0, 'METRICS_PORT')
			: undefined,
		chatRateLimit: positiveInt(env.CHAT_RATE_LIMIT, 20, 'CHAT_RATE_LIMIT'),
		chatConcurrentLimit: positiveInt(env.CHAT_CONCURRENT_LIMIT, 2, 'CHAT_CONCURRENT_LIMIT'),
		loginRateLimit: positiveInt(env.LOGIN_RATE_LIMIT, 10, 'LOGIN_RATE_LIMIT'),
		signupRateLimit: positiveInt(env.SIGNUP_RATE_LIMIT, 10, 'SIGNUP_RATE_LIMIT'),
		replyLeaseMs: Math.max(1_000, positiveInt(env.REPLY_LEASE_MS, 30_000, 'REPLY_LEASE_MS')),
		replySlots: Math.max(1, positiveInt(env.REPLY_SLOTS, 8, 'REPLY_SLOTS')),
		llmApiKey: env.LLM_API_KEY?.trim() || undefined,
		llmBaseUrl: baseUrl(env.LLM_BASE_URL, 'LLM_BASE_URL'),
		llmModel: env.LLM_MODEL?.trim() || undefined,
		llmTimeoutMs: durationMs(env.LLM_TIMEOUT_MS, 60_000, 'LLM_TIMEOUT_MS')
	};
}
