import { authedHandler, jsonResponse } from '$lib/server/http/api-handler';

export const GET = authedHandler(async ({ auth }) => jsonResponse({ user: auth.user }));
