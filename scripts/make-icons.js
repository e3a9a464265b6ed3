// Draws the app icons (static/icons/*.png): a white beacon on the Outpost teal.
// Run with `node scripts/make-icons.js` after changing the design; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
	const rows = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(1 + size * 4);
		for (let x = 0; x < size; x++) row.set(pixel(x / size, y / size), 1 + x * 4);
		rows.push(row);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 6, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(rows))),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const TEAL = [31, 78, 95, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

function beacon(u, v, scale) {
	const x = (u - 0.5) / scale;
	const y = (v - 0.5) / scale;
	const r = Math.hypot(x, y + 0.08);
	const ring = r > 0.2 && r < 0.28 && y < 0.02;
	const mast = Math.abs(x) < 0.045 && y > -0.08 && y < 0.36;
	const base = Math.abs(x) < 0.2 && y > 0.3 && y < 0.36;
	const light = Math.hypot(x, y + 0.08) < 0.08;
	return ring || mast || base || light;
}

function icon(maskable) {
	return (u, v) => {
		if (maskable) return beacon(u, v, 0.7) ? WHITE : TEAL;
		const corner = 0.18;
		const dx = Math.max(corner - u, u - (1 - corner), 0);
		const dy = Math.max(corner - v, v - (1 - corner), 0);
		if (Math.hypot(dx, dy) > corner) return CLEAR;
		return beacon(u, v, 1) ? WHITE : TEAL;
	};
}

mkdirSync('static/icons', { recursive: true });
writeFileSync('static/icons/icon-192.png', png(192, icon(false)));
writeFileSync('static/icons/icon-512.png', png(512, icon(false)));
writeFileSync('static/icons/icon-maskable-512.png', png(512, icon(true)));
