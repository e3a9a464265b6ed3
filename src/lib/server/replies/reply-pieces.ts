/** Most UTF-16 code units of text in one notification: its payload stays under 8000 bytes even when every unit is escaped. */
export const MAX_PIECE_UNITS = 1200;

/** A piece of a reply's text, as `outpost_reply_text` carries it. */
export interface ReplyPiece {
	/** UTF-16 code units of the reply's text before this piece. */
	offset: number;
	text: string;
}

/**
 * Gathers the text a model streams into pieces to announce: `add` keeps it, `take` returns
 * what came since the last take, split so that no piece is too long for a notification (a
 * surrogate pair is never split).
 */
export class PieceBuffer {
	#sent = 0;
	#text = '';

	add(text: string): void {
		this.#text += text;
	}

	/** Everything added so far. */
	get text(): string {
		return this.#text;
	}

	take(): ReplyPiece[] {
		const pieces: ReplyPiece[] = [];
		while (this.#sent < this.#text.length) {
			let end = Math.min(this.#sent + MAX_PIECE_UNITS, this.#text.length);
			const last = this.#text.charCodeAt(end - 1);
			if (end < this.#text.length && last >= 0xd800 && last <= 0xdbff) end--;
			pieces.push({ offset: this.#sent, text: this.#text.slice(this.#sent, end) });
			this.#sent = end;
		}
		return pieces;
	}
}
