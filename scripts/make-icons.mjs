// Draws QuoteLens's toolbar icons (a blue rounded square with a white quotation mark and a lens ring)
// as PNGs without any image library: a supersampled rasteriser and a minimal PNG encoder.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BLUE = [0x00, 0x72, 0xb2]; // Okabe–Ito blue: legible on light and dark toolbars
const WHITE = [255, 255, 255];

// Coverage of the shape at (x, y) in a unit square: 0 outside, 1 blue, 2 white.
function shape(x, y) {
  const r = 0.2; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
  // Two comma-shaped quote marks: a round head and a tail curving down-left.
  for (const ox of [0.3, 0.58]) {
    const hx = ox + 0.06, hy = 0.42;
    if ((x - hx) ** 2 + (y - hy) ** 2 < 0.1 ** 2) return 2;
    const t = (y - hy) / 0.26; // tail from the head's right edge down to the left
    if (t > 0 && t < 1) {
      const tx = hx + 0.1 - t * 0.14 - 0.02 * t * t;
      const w = 0.07 * (1 - t) + 0.015;
      if (x > tx - w && x < tx) return 2;
    }
  }
  return 1;
}

function crc32(buf) {
  if (zlib.crc32) return zlib.crc32(buf);
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

export function iconPng(size) {
  const ss = 4; // samples per axis
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let a = 0, rgb = [0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const s = shape((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (!s) continue;
          const c = s === 2 ? WHITE : BLUE;
          a++;
          rgb = rgb.map((v, i) => v + c[i]);
        }
      }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      for (let i = 0; i < 3; i++) raw[o + i] = a ? Math.round(rgb[i] / a) : 0;
      raw[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const ICON_SIZES = [16, 32, 48, 128];

export function writeIcons(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const s of ICON_SIZES) fs.writeFileSync(path.join(dir, `icon-${s}.png`), iconPng(s));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  writeIcons(process.argv[2] || path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'extension', 'icons'));
}
