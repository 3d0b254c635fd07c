/**
 * The icons, drawn from shapes (signed distance fields, anti-aliased by coverage) rather than
 * shipped as binaries: the app icon and one tray icon per tray state.
 */
import type { TrayState } from '../app/desktop/tray-state.js';

type Rgba = readonly [number, number, number, number];
/** Signed distance (in icon units, 0..1 across) from a point to a shape's edge: negative inside. */
type Shape = (x: number, y: number) => number;

const hex = (value: string, alpha = 1): Rgba => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
};

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx: number, cy: number, r: number, width: number): Shape => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
const intersect = (a: Shape, b: Shape): Shape => (x, y) => Math.max(a(x, y), b(x, y));
const subtract = (a: Shape, b: Shape): Shape => (x, y) => Math.max(a(x, y), -b(x, y));
/** The part of the plane within `halfAngle` of the direction `angle`, seen from (cx, cy). */
const wedge = (cx: number, cy: number, angle: number, halfAngle: number): Shape => (x, y) => {
  const a = Math.atan2(y - cy, x - cx) - angle;
  const off = Math.abs(Math.atan2(Math.sin(a), Math.cos(a))) - halfAngle;
  return off * Math.hypot(x - cx, y - cy);
};
const roundedSquare = (inset: number, radius: number): Shape => (x, y) => {
  const half = 0.5 - inset - radius;
  const dx = Math.abs(x - 0.5) - half;
  const dy = Math.abs(y - 0.5) - half;
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
};
const segment = (x1: number, y1: number, x2: number, y2: number, width: number): Shape => (x, y) => {
  const vx = x2 - x1;
  const vy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * vx + (y - y1) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (x1 + t * vx), y - (y1 + t * vy)) - width / 2;
};

export class Canvas {
  readonly pixels: Uint8Array;

  constructor(readonly size: number) {
    this.pixels = new Uint8Array(size * size * 4);
  }

  /** Paints `color` over the canvas where `shape` is, anti-aliased over one pixel. */
  fill(shape: Shape, color: Rgba): this {
    const n = this.size;
    for (let py = 0; py < n; py++) {
      for (let px = 0; px < n; px++) {
        const d = shape((px + 0.5) / n, (py + 0.5) / n) * n;
        const coverage = Math.min(1, Math.max(0, 0.5 - d));
        if (coverage === 0) continue;
        const i = (py * n + px) * 4;
        const a = coverage * color[3];
        const under = (this.pixels[i + 3] ?? 0) / 255;
        const out = a + under * (1 - a);
        for (let c = 0; c < 3; c++) {
          const mixed = (color[c] ?? 0) * a + (this.pixels[i + c] ?? 0) * under * (1 - a);
          this.pixels[i + c] = Math.round(out === 0 ? 0 : mixed / out);
        }
        this.pixels[i + 3] = Math.round(out * 255);
      }
    }
    return this;
  }
}

/** The "echo" glyph: a source dot and two waves spreading right. */
function echoGlyph(canvas: Canvas, color: Rgba, opts: { cx: number; cy: number; scale: number; outerWave?: Rgba }): void {
  const { cx, cy, scale: s } = opts;
  const spread = wedge(cx, cy, 0, Math.PI / 3.2);
  canvas.fill(circle(cx, cy, 0.11 * s), color);
  canvas.fill(intersect(ring(cx, cy, 0.27 * s, 0.085 * s), spread), color);
  canvas.fill(intersect(ring(cx, cy, 0.45 * s, 0.085 * s), spread), opts.outerWave ?? color);
}

const WHITE = hex('#ffffff');
const RED = hex('#dc2626');

export const TRAY_COLORS: Readonly<Record<TrayState, string>> = {
  connected: '#16a34a',
  connecting: '#d97706',
  offline: '#6b7280',
  unread: '#2563eb',
  quiet: '#7c3aed',
};

export function drawAppIcon(size: number): Canvas {
  const canvas = new Canvas(size);
  canvas.fill(roundedSquare(0.04, 0.2), hex('#4338ca'));
  echoGlyph(canvas, WHITE, { cx: 0.3, cy: 0.5, scale: 0.95 });
  return canvas;
}

export function drawTrayIcon(state: TrayState, size: number): Canvas {
  const canvas = new Canvas(size);
  const color = hex(TRAY_COLORS[state]);
  const glyph = { cx: 0.2, cy: 0.55, scale: 1.05 };
  switch (state) {
    case 'connected':
      echoGlyph(canvas, color, glyph);
      break;
    case 'connecting':
      echoGlyph(canvas, color, { ...glyph, outerWave: hex(TRAY_COLORS.connecting, 0.35) });
      break;
    case 'offline':
      echoGlyph(canvas, color, glyph);
      canvas.fill(segment(0.12, 0.14, 0.88, 0.9, 0.16), WHITE);
      canvas.fill(segment(0.12, 0.14, 0.88, 0.9, 0.09), RED);
      break;
    case 'unread':
      echoGlyph(canvas, color, glyph);
      canvas.fill(circle(0.78, 0.22, 0.2), WHITE);
      canvas.fill(circle(0.78, 0.22, 0.15), RED);
      break;
    case 'quiet':
      echoGlyph(canvas, color, glyph);
      canvas.fill(subtract(circle(0.76, 0.24, 0.2), circle(0.86, 0.16, 0.17)), WHITE);
      canvas.fill(subtract(circle(0.76, 0.24, 0.15), circle(0.84, 0.17, 0.13)), color);
      break;
  }
  return canvas;
}
