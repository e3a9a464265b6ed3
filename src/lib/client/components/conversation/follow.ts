/**
 * Whether the conversation follows its newest message: it does when it opens, after Send and
 * after "Jump to latest", and goes on doing so as replies grow and messages arrive, until the
 * reader scrolls up. Scrolling back down to the bottom follows again.
 */

/** How close to the bottom (px) still counts as showing the newest message. */
export const BOTTOM_SLACK = 48;

/** How close to the top (px) the reader comes before older messages are read. */
export const TOP_EDGE = 320;

/** Where a scroller stands: its scroll offset, content height and viewport height, in px. */
export interface ScrollPosition {
	top: number;
	height: number;
	viewport: number;
}

/** The scroll position of an element. */
export const positionOf = (element: HTMLElement): ScrollPosition => ({
	top: element.scrollTop,
	height: element.scrollHeight,
	viewport: element.clientHeight
});

/** Whether the bottom of the content is in view (within `slack` px). */
export function isAtBottom(position: ScrollPosition, slack = BOTTOM_SLACK): boolean {
	return position.height - position.viewport - position.top <= slack;
}

/**
 * Whether the view follows the newest message after a scroll event, given whether it did and
 * the offset of the previous event. At the bottom it follows. Away from it, it stops only when
 * the offset went up: the reader scrolled back. Content that grows or is measured anew (the
 * list's own scroll corrections) moves the offset down or not at all, and changes nothing.
 */
export function followsAfterScroll(
	following: boolean,
	previousTop: number,
	now: ScrollPosition
): boolean {
	if (isAtBottom(now)) return true;
	if (now.top < previousTop) return false;
	return following;
}

/** Whether to ask for older messages: there are some and the reader is near the top. */
export function wantsOlder(position: ScrollPosition, hasOlder: boolean, edge = TOP_EDGE): boolean {
	return hasOlder && position.top <= edge;
}
