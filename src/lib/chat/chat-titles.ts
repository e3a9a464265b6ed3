/** The title of a chat before its first message. */
export const UNTITLED = 'New chat';

/** A chat's title taken from its first message: one line, at most 60 characters. */
export function titleFromMessage(content: string): string {
	const line = content.trim().replace(/\s+/g, ' ');
	if (line === '') return UNTITLED;
	const chars = [...line];
	return chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : line;
}
