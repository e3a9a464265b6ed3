import type { ModelProvider } from './model-provider';

/** What the model picker offers: the default model first, then the provider's others. */
export interface ModelChoices {
	default: string;
	models: string[];
}

/**
 * The provider's models for a picker, the default always among them (first); undefined while
 * no default model is known (a provider without LLM_MODEL that has not listed its models).
 */
export async function modelChoices(provider: ModelProvider): Promise<ModelChoices | undefined> {
	const models = await provider.models();
	const defaultModel = provider.defaultModel;
	if (!defaultModel) return undefined;
	return {
		default: defaultModel,
		models: [defaultModel, ...models.filter((m) => m !== defaultModel)]
	};
}
