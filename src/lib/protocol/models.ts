import { z } from 'zod';

/** `GET /api/models`: the models a reply may be asked from, the server's default among them. */
export const modelList = z.object({
	default: z.string().min(1).max(200),
	models: z.array(z.string().min(1).max(200)).max(1_000)
});
export type ModelList = z.infer<typeof modelList>;
