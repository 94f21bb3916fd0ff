// Draws the tab bar icons (normal + selected) as PNG files under src/assets/tabbar/.
// WeChat's tab bar wants real image files (no icon fonts, ≤ 40 KB, 81×81 recommended), and a
// script keeps them reproducible without a drawing tool: `npx tsx scripts/make-tabbar-icons.ts`.
import { encodePng } from './png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SIZE = 81;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const OUT = join(__dirname, '..', 'src', 'assets', 'tabbar');

type Shape = (x: number, y: number) => boolean; // coordinates in a 0..100 box

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring =
  (cx: number, cy: number, r: number, w: number): Shape =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return d <= r && d >= r - w;
  };
const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;
const frame =
  (x0: number, y0: number, x1: number, y1: number, w: number): Shape =>
  (x, y) =>
    rect(x0, y0, x1, y1)(x, y) && !rect(x0 + w, y0 + w, x1 - w, y1 - w)(x, y);
/** A thick line segment. */
const line =
  (ax: number, ay: number, bx: number, by: number, w: number): Shape =>
  (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2;
  };
const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

const glyphs: Record<string, Shape> = {
  // 首页: a house — roof lines, walls, a door
  home: union(line(14, 48, 50, 16, 8), line(50, 16, 86, 48, 8), frame(24, 44, 76, 86, 7), rect(43, 62, 57, 86)),
  // 服务: a wrench
  service: union(minus(circle(34, 34, 20), union(rect(28, 10, 40, 34), circle(34, 34, 8))), line(44, 44, 82, 82, 14)),
  // 消息: an envelope
  inbox: union(frame(12, 24, 88, 78, 7), line(15, 28, 50, 54, 7), line(50, 54, 85, 28, 7)),
  // 我的: a person — head and shoulders
  me: union(ring(50, 32, 18, 7), minus(ring(50, 90, 38, 7), rect(0, 90, 100, 100)), rect(12, 84, 19, 90), rect(81, 84, 88, 90)),
  // 管家: a clipboard with a check mark
  staff: union(frame(18, 18, 82, 88, 7), rect(36, 10, 64, 24), line(32, 54, 45, 67, 8), line(45, 67, 70, 40, 8)),
};

const colours = {
  normal: [0x8a, 0x8f, 0x99],
  selected: [0x0e, 0x7c, 0x66],
} as const;

function png(shape: Shape, rgb: readonly number[]): Buffer {
  return encodePng(
    SIZE,
    SIZE,
    4,
    (px, py) => {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / SIZE) * 100;
          const y = ((py + (sy + 0.5) / SAMPLES) / SIZE) * 100;
          if (shape(x, y)) hits++;
        }
      }
      return [rgb[0], rgb[1], rgb[2], Math.round((hits / (SAMPLES * SAMPLES)) * 255)];
    },
    9,
  );
}

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(glyphs)) {
  writeFileSync(join(OUT, `${name}.png`), png(shape, colours.normal));
  writeFileSync(join(OUT, `${name}-active.png`), png(shape, colours.selected));
}
console.log(`wrote ${Object.keys(glyphs).length * 2} icons to ${OUT}`);
