import { historyMessage } from '../../history';

/** The session record of the worker-diff conversation, seeded and posted alike. */
export const WORKER_DIFF_SESSION = {
	title: 'Posted whole',
	createdAt: historyMessage(0).createdAt,
	updatedAt: historyMessage(0).createdAt
};
