import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashData, sha256Hex } from './hash';

/** The IEEE 754 double with the given bit pattern (as RFC 8785 Appendix B lists them). */
function double(hex: string): number {
	const view = new DataView(new ArrayBuffer(8));
	view.setBigUint64(0, BigInt(`0x${hex}`));
	return view.getFloat64(0);
}

describe('canonicalJson', () => {
	it('canonicalises the RFC 8785 section 3.2.2 example', () => {
		const input = String.raw`{
			"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
			"string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
			"literals": [null, true, false]
		}`;
		const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
		expect(canonicalJson(JSON.parse(input))).toBe(expected);
	});

	it('sorts properties by UTF-16 code units as in RFC 8785 section 3.2.3', () => {
		const input = {
			'\u20ac': 'Euro Sign',
			'\r': 'Carriage Return',
			'\ufb33': 'Hebrew Letter Dalet With Dagesh',
			'1': 'One',
			'\ud83d\ude00': 'Emoji: Grinning Face',
			'\u0080': 'Control',
			'\u00f6': 'Latin Small Letter O With Diaeresis'
		};
		const expected =
			'{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
			'"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
			'"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
		expect(canonicalJson(input)).toBe(expected);
	});

	it.each([
		['0000000000000000', '0'],
		['8000000000000000', '0'],
		['0000000000000001', '5e-324'],
		['8000000000000001', '-5e-324'],
		['7fefffffffffffff', '1.7976931348623157e+308'],
		['ffefffffffffffff', '-1.7976931348623157e+308'],
		['4340000000000000', '9007199254740992'],
		['c340000000000000', '-9007199254740992'],
		['4430000000000000', '295147905179352830000'],
		['44b52d02c7e14af5', '9.999999999999997e+22'],
		['44b52d02c7e14af6', '1e+23'],
		['44b52d02c7e14af7', '1.0000000000000001e+23'],
		['444b1ae4d6e2ef4e', '999999999999999700000'],
		['444b1ae4d6e2ef4f', '999999999999999900000'],
		['444b1ae4d6e2ef50', '1e+21'],
		['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
		['3eb0c6f7a0b5ed8d', '0.000001'],
		['41b3de4355555553', '333333333.3333332'],
		['41b3de4355555554', '333333333.33333325'],
		['41b3de4355555555', '333333333.3333333'],
		['41b3de4355555556', '333333333.3333334'],
		['41b3de4355555557', '333333333.33333343'],
		['becbf647612f3696', '-0.0000033333333333333333'],
		['43143ff3c1cb0959', '1424953923781206.2']
	])('serialises the RFC 8785 Appendix B double %s as %s', (bits, expected) => {
		expect(canonicalJson(double(bits))).toBe(expected);
	});

	it.each([
		[0, '0'],
		[-0, '0'],
		[1e21, '1e+21'],
		[1e-7, '1e-7'],
		[0.000001, '0.000001'],
		[9007199254740992, '9007199254740992'],
		[5e-324, '5e-324'],
		[1.7976931348623157e308, '1.7976931348623157e+308']
	])('serialises the number %s as %s', (value, expected) => {
		expect(canonicalJson(value)).toBe(expected);
	});

	it.each([NaN, Infinity, -Infinity])('refuses the non-finite number %s', (value) => {
		expect(() => canonicalJson(value)).toThrow();
	});

	it('throws for a value that has no JSON form', () => {
		expect(() => canonicalJson(undefined)).toThrow(TypeError);
	});

	it('sorts nested object keys and keeps array order', () => {
		expect(canonicalJson({ b: [3, { z: 1, a: 2 }, 1], a: { d: null, c: 'x' } })).toBe(
			'{"a":{"c":"x","d":null},"b":[3,{"a":2,"z":1},1]}'
		);
	});
});

describe('hashData', () => {
	it('hashes {} to sha256: and the SHA-256 of the text {}', async () => {
		const expected = `sha256:${createHash('sha256').update('{}').digest('hex')}`;
		expect(await hashData({})).toBe(expected);
	});

	it('hashes the UTF-8 bytes of the canonical JSON', async () => {
		const data = { title: 'Café ☕ 😀', createdAt: '2026-01-05T10:00:00.000Z' };
		const expected = createHash('sha256').update(canonicalJson(data), 'utf8').digest('hex');
		expect(await hashData(data)).toBe(`sha256:${expected}`);
		expect(await sha256Hex(canonicalJson(data))).toBe(expected);
	});

	it('gives sha256: and 64 lowercase hex digits', async () => {
		expect(await hashData({ title: 'Trip', n: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
	});

	it('gives the same hash for the same data in any key order, nested objects included', async () => {
		const one = { title: 'Trip', meta: { b: 2, a: [1, { y: true, x: null }] }, createdAt: 't' };
		const two = { createdAt: 't', meta: { a: [1, { x: null, y: true }], b: 2 }, title: 'Trip' };
		expect(await hashData(two)).toBe(await hashData(one));
	});

	it('gives a different hash when a value changes', async () => {
		expect(await hashData({ title: 'Trip' })).not.toBe(await hashData({ title: 'Trip!' }));
	});

	it('gives a different hash when array order changes', async () => {
		expect(await hashData([1, 2])).not.toBe(await hashData([2, 1]));
	});
});
