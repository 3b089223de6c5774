// Draws the extension icon (media/icon.png, 128×128) and the .nnspec file icon (media/nnspec-file.png,
// 32×32) — a small 2-3-1 network — as PNGs with node:zlib only. Run: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of a pixel by a shape given its signed distance (negative inside), 1-pixel antialiasing. */
const cover = (d) => Math.max(0, Math.min(1, 0.5 - d));
function segDist(px, py, ax, ay, bx, by) {
  const vx = bx - ax,
    vy = by - ay,
    t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - ax - t * vx, py - ay - t * vy);
}

function draw(size, { background }) {
  const s = size / 128;
  const buf = Buffer.alloc(size * size * 4);
  const layers = [[40, 88], [24, 64, 104], [64]];
  const xs = [26, 64, 102];
  const nodes = layers.map((ys, i) => ys.map((y) => [xs[i] * s, y * s]));
  const edges = [];
  for (let l = 0; l + 1 < nodes.length; l++)
    for (const a of nodes[l]) for (const b of nodes[l + 1]) edges.push([a, b, l]);
  const edgeColors = [
    [255, 145, 60],
    [120, 200, 255],
  ];
  const nodeColor = [240, 240, 245];
  const r = 10 * s,
    w = Math.max(1, 3.2 * s) / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const px = x + 0.5,
        py = y + 0.5;
      let col = [0, 0, 0],
        alpha = 0;
      if (background) {
        // rounded square
        const m = 4 * s,
          rad = 22 * s,
          c = size / 2,
          h = size / 2 - m;
        const qx = Math.abs(px - c) - (h - rad),
          qy = Math.abs(py - c) - (h - rad);
        const d = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - rad;
        alpha = cover(d);
        col = [34, 36, 54];
      }
      const over = (c, a) => {
        col = col.map((v, i) => v * (1 - a) + c[i] * a);
        alpha = a + alpha * (1 - a);
      };
      for (const [a, b, l] of edges) {
        const a2 = cover(segDist(px, py, a[0], a[1], b[0], b[1]) - w);
        if (a2 > 0) over(edgeColors[l], a2 * 0.9);
      }
      for (const layer of nodes)
        for (const [nx, ny] of layer) {
          const d = Math.hypot(px - nx, py - ny);
          const ring = cover(d - r);
          if (ring > 0) over([34, 36, 54], ring);
          const fill = cover(d - (r - Math.max(1, 2.5 * s)));
          if (fill > 0) over(nodeColor, fill);
        }
      const o = (y * size + x) * 4;
      buf[o] = Math.round(col[0]);
      buf[o + 1] = Math.round(col[1]);
      buf[o + 2] = Math.round(col[2]);
      buf[o + 3] = Math.round(alpha * 255);
    }
  return png(size, buf);
}

mkdirSync('media', { recursive: true });
writeFileSync('media/icon.png', draw(128, { background: true }));
writeFileSync('media/nnspec-file.png', draw(32, { background: true }));
console.log('wrote media/icon.png and media/nnspec-file.png');
