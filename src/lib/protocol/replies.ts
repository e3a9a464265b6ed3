import { z } from 'zod';
import { recordId } from './text';

/** Body of `POST /api/replies/stop`: the user message whose reply is to stop. */
export const stopReplyRequest = z.strictObject({ messageId: recordId });
export type StopReplyRequest = z.infer<typeof stopReplyRequest>;
