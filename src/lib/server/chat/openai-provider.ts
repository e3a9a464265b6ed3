import OpenAI from 'openai';
import { cachedModelList, type ModelListResult, type ModelListTimes } from './model-list';
import { ProviderError, type ModelProvider } from './model-provider';
import { openAiReply } from './openai-reply';
import { providerErrorFrom } from './provider-errors';

/** How to reach an OpenAI-compatible chat-completions API. */
export interface OpenAiProviderOptions {
	/** Sent as `Authorization: Bearer`; never logged or returned. */
	apiKey: string;
	/** The API's base URL, e.g. `https://openrouter.ai/api/v1` or `http://localhost:11434/v1`. */
	baseUrl: string;
	/** The default model; without one, the first model the provider lists. */
	model: string | undefined;
	/** No first chunk, or no next chunk, for this long = a timeout error. */
	timeoutMs: number;
	/** How long the model list is kept (tests shorten it). */
	modelList?: ModelListTimes;
}

/**
 * A ModelProvider on any OpenAI-compatible API, through the official `openai` client with its
 * own retries off (the caller decides when to try again).
 */
export function openAiProvider(options: OpenAiProviderOptions): ModelProvider {
	const { timeoutMs } = options;
	const client = new OpenAI({
		apiKey: options.apiKey,
		baseURL: options.baseUrl,
		maxRetries: 0,
		// Not read from the environment: only Outpost's own settings reach the provider.
		organization: null,
		project: null,
		webhookSecret: null
	});
	let defaultModel = options.model ?? '';
	const list = cachedModelList(async () => {
		const page = await client.models.list({ timeout: timeoutMs });
		return page.data.map((model) => model.id);
	}, options.modelList);

	/** Reads the list (or its cached copy); the first model becomes the default if none is set. */
	async function readList(): Promise<ModelListResult> {
		const result = await list();
		if (result.ok && !defaultModel && result.models[0]) defaultModel = result.models[0];
		return result;
	}

	async function modelFor(asked: string | null | undefined): Promise<string> {
		if (asked) return asked;
		if (defaultModel) return defaultModel;
		const result = await readList();
		if (defaultModel) return defaultModel;
		if (!result.ok) {
			throw providerErrorFrom(result.error, { model: '', timeoutMs, streaming: false });
		}
		throw new ProviderError(
			'refused',
			'The model provider lists no models; set LLM_MODEL to the model to use.'
		);
	}

	return {
		get defaultModel() {
			return defaultModel;
		},
		async *stream(request) {
			yield* openAiReply(client, request, await modelFor(request.model), timeoutMs);
		},
		async models() {
			const result = await readList();
			if (result.ok) return result.models;
			return defaultModel ? [defaultModel] : [];
		}
	};
}
