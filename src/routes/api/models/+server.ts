import { modelChoices } from '$lib/server/chat/model-choices';
import { authedHandler, jsonResponse } from '$lib/server/http/api-handler';
import { problemResponse } from '$lib/server/http/problem';

/** The models a signed-in user may pick: `{ default, models }`, the default among them. */
export const GET = authedHandler(async ({ app }) => {
	const choices = await modelChoices(app.provider);
	if (choices) return jsonResponse(choices);
	return problemResponse({
		status: 503,
		code: 'model_provider_unavailable',
		detail: 'The model provider has not listed its models yet. Try again shortly.',
		headers: { 'retry-after': '10' }
	});
});
