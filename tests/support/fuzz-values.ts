import fc from 'fast-check';

// Values for property tests of the HTTP API: JSON that breaks parsers and strings that break text.

/** JSON text written into a body as is: numbers beyond a double, nesting deeper than a stack. */
export class RawJson {
	constructor(readonly text: string) {}
	toString() {
		return this.text.length > 40
			? `RawJson(${this.text.slice(0, 20)}… ${this.text.length} chars)`
			: `RawJson(${this.text})`;
	}
}

/** JSON text of a generated value, with RawJson spliced in verbatim. */
export function toJsonText(value: unknown): string {
	const raw: string[] = [];
	const text = JSON.stringify(value, (_key, v: unknown) => {
		if (!(v instanceof RawJson)) return v;
		raw.push(v.text);
		return `@@raw:${raw.length - 1}@@`;
	});
	return text.replace(/"@@raw:(\d+)@@"/g, (_match, index: string) => raw[Number(index)] ?? 'null');
}

export const rawNumber = fc
	.constantFrom(
		'1e400',
		'-1e400',
		'1e308',
		'5e-324',
		'-0',
		'1E+2',
		'2147483648',
		'9007199254740993',
		'123456789012345678901234567890',
		'0.1e-999'
	)
	.map((text) => new RawJson(text));

export const oddCharacter = fc.constantFrom(
	'\u0000',
	'\u0001',
	'\ud800',
	'\udbff',
	'\udc00',
	'\udfff',
	'\ufeff',
	'\ufffe',
	'\uffff',
	'\u2028',
	'\u202e',
	'\u{1f600}',
	'\u{10ffff}',
	'e\u0301',
	'"',
	'\\',
	'/',
	'\n'
);

/** Strings of any code points, with NUL, lone surrogates and other oddities mixed in. */
export const oddString = fc.string({
	unit: fc.oneof(
		{ weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
		{ weight: 2, arbitrary: oddCharacter }
	),
	maxLength: 24
});

export const validId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** Any value a field could be given: JSON values, odd strings, raw numbers. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
	fc.jsonValue({ maxDepth: 3 }),
	oddString,
	rawNumber,
	fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 31, 2 ** 53, '', [], {})
);
