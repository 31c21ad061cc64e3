// Draws the add-in's icons (assets/icon-16.png … icon-80.png) with nothing but node:zlib:
// a green sheet tile with a table and a gold check badge. Run `node scripts/icons.mjs` after
// changing the drawing; the PNGs are committed.
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SIZES = [16, 32, 64, 80]; // ribbon 16/32/80, IconUrl 32, HighResolutionIconUrl 64
const SUPERSAMPLE = 8; // samples per pixel side, for smooth edges at 16 px

const GREEN = [0x21, 0x73, 0x46];
const PALE = [0xc6, 0xe6, 0xd2];
const WHITE = [0xff, 0xff, 0xff];
const GOLD = [0xf2, 0xb7, 0x05];

// The drawing in unit coordinates (0..1, y down): the colour at a point, or undefined if transparent.
function colourAt(x, y) {
  const inRoundRect = (x0, y0, x1, y1, r) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const badge = { x: 0.72, y: 0.72, r: 0.25 };
  const inBadge = (x - badge.x) ** 2 + (y - badge.y) ** 2;
  if (inBadge <= badge.r ** 2) {
    if (
      nearPolyline(
        x,
        y,
        [
          [0.6, 0.72],
          [0.69, 0.81],
          [0.85, 0.63],
        ],
        0.045,
      )
    )
      return WHITE;
    return GOLD;
  }
  if (inBadge <= (badge.r + 0.05) ** 2) return undefined; // a gap so the badge reads at 16 px
  if (inRoundRect(0.06, 0.06, 0.94, 0.94, 0.14)) {
    if (x > 0.2 && x < 0.8 && y > 0.2 && y < 0.8) {
      const line = 0.035;
      const onRow = [0.38, 0.56].some((r) => Math.abs(y - r) < line);
      const onColumn = Math.abs(x - 0.42) < line;
      return onRow || onColumn ? PALE : WHITE;
    }
    return GREEN;
  }
  return undefined;
}

function nearPolyline(x, y, points, halfWidth) {
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1];
    const [bx, by] = points[i];
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    if ((x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= halfWidth ** 2) return true;
  }
  return false;
}

/** RGBA rows, each prefixed by PNG filter byte 0. Colours are averaged with premultiplied alpha. */
function render(size) {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const rowStart = py * (size * 4 + 1);
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = colourAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          covered++;
        }
      }
      const o = rowStart + 1 + px * 4;
      if (covered > 0) {
        rows[o] = Math.round(r / covered);
        rows[o + 1] = Math.round(g / covered);
        rows[o + 2] = Math.round(b / covered);
        rows[o + 3] = Math.round((255 * covered) / SUPERSAMPLE ** 2);
      }
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(render(size), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) {
  const file = fileURLToPath(new URL(`../assets/icon-${size}.png`, import.meta.url));
  writeFileSync(file, png(size));
  console.log(`${file} (${size}×${size})`);
}
