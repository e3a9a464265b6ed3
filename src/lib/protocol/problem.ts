import { z } from 'zod';

/** An RFC 9457 problem details body, as every error response carries. */
export const problem = z.object({
	type: z.string(),
	title: z.string(),
	status: z.number().int(),
	detail: z.string().optional(),
	code: z.string().optional(),
	errors: z.array(z.object({ path: z.string(), message: z.string() })).optional()
});
export type Problem = z.infer<typeof problem>;

/** The media type of a problem body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
