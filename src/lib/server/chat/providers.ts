import type { ServerConfig } from '../config';
import { demoModel } from './demo-model';
import type { ModelProvider } from './model-provider';
import { openAiProvider, type OpenAiProviderOptions } from './openai-provider';

/** Where LLM_API_KEY alone sends replies. */
export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';
/** OpenRouter's default model when LLM_MODEL is unset. */
export const OPENROUTER_DEFAULT_MODEL = 'openai/gpt-4o-mini';
/** The key sent to a local server that asks for none (Ollama, llama.cpp). */
export const NO_API_KEY = 'not-needed';

/** LLM_* settings the model provider is chosen from. */
export type ProviderConfig = Pick<
	ServerConfig,
	'llmApiKey' | 'llmBaseUrl' | 'llmModel' | 'llmTimeoutMs'
>;

/** The provider the settings ask for: the demo model, or an OpenAI-compatible API. */
export type ProviderChoice = { kind: 'demo' } | ({ kind: 'openai' } & OpenAiProviderOptions);

/**
 * Chooses the provider: LLM_BASE_URL or LLM_API_KEY set means an OpenAI-compatible API
 * (OpenRouter when only the key is set; no key needed when only the base URL is), else the demo
 * model. The default model is LLM_MODEL, else OpenRouter's default on OpenRouter, else the
 * first model the API lists.
 */
export function chooseProvider(config: ProviderConfig): ProviderChoice {
	if (config.llmBaseUrl === undefined && config.llmApiKey === undefined) return { kind: 'demo' };
	const baseUrl = config.llmBaseUrl ?? OPENROUTER_BASE_URL;
	return {
		kind: 'openai',
		apiKey: config.llmApiKey ?? NO_API_KEY,
		baseUrl,
		model:
			config.llmModel ?? (baseUrl === OPENROUTER_BASE_URL ? OPENROUTER_DEFAULT_MODEL : undefined),
		timeoutMs: config.llmTimeoutMs
	};
}

/** The process's model provider, as the settings ask (see chooseProvider). */
export function openModelProvider(config: ProviderConfig): ModelProvider {
	const choice = chooseProvider(config);
	if (choice.kind === 'demo') return demoModel();
	const { kind: _kind, ...options } = choice;
	return openAiProvider(options);
}

/** How long start-up waits for the model list when the default model is to come from it. */
export const LEARN_DEFAULT_WAIT_MS = 5_000;

/**
 * When no default model is known yet (a custom LLM_BASE_URL without LLM_MODEL), reads the
 * model list so that its first model becomes the default, waiting at most `waitMs` (the read
 * goes on in the background after that); says in the log when no default could be found.
 * Replies without a model ask the provider again on their own.
 */
export async function learnDefaultModel(
	provider: ModelProvider,
	waitMs = LEARN_DEFAULT_WAIT_MS
): Promise<void> {
	if (provider.defaultModel) return;
	const listed = provider.models().then(() => {
		if (provider.defaultModel) return;
		console.warn(
			'Outpost: LLM_MODEL is not set and the model provider at LLM_BASE_URL listed no models ' +
				'(or could not be reached): replies fail until it lists one. Set LLM_MODEL to choose.'
		);
	});
	let timer: ReturnType<typeof setTimeout> | undefined;
	const waited = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, waitMs);
	});
	await Promise.race([listed, waited]);
	clearTimeout(timer);
}
