import { canonicalJson } from './hash';

/**
 * Whether two records' data have the same JSON form, as their hashes would say, without
 * writing either out: record data are flat objects of strings, numbers, booleans and nulls,
 * compared field by field. Anything else is compared through its canonical JSON.
 */
export function sameData(a: unknown, b: unknown): boolean {
	if (!isPlainObject(a) || !isPlainObject(b)) return canonicalJson(a) === canonicalJson(b);
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	for (const key of keys) {
		if (!Object.hasOwn(b, key)) return false;
		const x = a[key];
		const y = b[key];
		if (x === y && isScalar(x)) continue;
		if (isScalar(x) && isScalar(y)) return sameNumber(x, y);
		return canonicalJson(a) === canonicalJson(b);
	}
	return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
	return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** 0 and -0 have one JSON form; so do all NaNs (none). Other different scalars differ. */
function sameNumber(x: unknown, y: unknown): boolean {
	return typeof x === 'number' && typeof y === 'number' && x === y;
}
