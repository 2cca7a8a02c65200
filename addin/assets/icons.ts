/**
 * The add-in's icons, drawn here rather than downloaded: a red square with 实 in white, as PNG
 * files of 16, 32, 64 and 80 pixels. The build (vite.config.ts) emits them as
 * `assets/icon-<size>.png`; nothing of this runs in the browser.
 */
import { deflateSync } from 'node:zlib';

/** 实 on a 16 × 16 grid (`#` is white). */
export const GLYPH = [
  '................',
  '.......##.......',
  '.##############.',
  '.##..........##.',
  '.##..##......##.',
  '......##..##....',
  '.......#..##....',
  '...##.....##....',
  '....##....##....',
  '.##############.',
  '.........##.....',
  '........##..##..',
  '......###....##.',
  '...####.......##',
  '..##............',
  '................',
];

const RED = [0xc8, 0x10, 0x2e, 0xff] as const;
const WHITE = [0xff, 0xff, 0xff, 0xff] as const;
const CLEAR = [0, 0, 0, 0] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes RGBA pixels (row by row) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** The icon at `size` pixels: the glyph scaled to the largest multiple of 16 that fits, centred. */
export function iconPng(size: number): Buffer {
  const scale = Math.max(1, Math.floor(size / 16));
  const offset = Math.floor((size - 16 * scale) / 2);
  const radius = size / 8;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Rounded corners.
      const cx = Math.min(x + 0.5, size - x - 0.5);
      const cy = Math.min(y + 0.5, size - y - 0.5);
      const outside = cx < radius && cy < radius && (radius - cx) ** 2 + (radius - cy) ** 2 > radius ** 2;
      const gx = Math.floor((x - offset) / scale);
      const gy = Math.floor((y - offset) / scale);
      const ink = GLYPH[gy]?.[gx] === '#';
      px.set(outside ? CLEAR : ink ? WHITE : RED, (y * size + x) * 4);
    }
  }
  return encodePng(size, size, px);
}
