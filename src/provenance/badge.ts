import type { RgbaImage } from '../image/types.js';

/**
 * The optional visible "AI-edited" badge: a small dark pill with white lettering from a built-in 5×7 bitmap
 * font, drawn onto the finished story (before the invisible watermark and the metadata). Pure.
 */

const GLYPHS: Record<string, string[]> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '-': ['.....', '.....', '.....', '.###.', '.....', '.....', '.....'],
  e: ['.....', '.....', '.###.', '#...#', '#####', '#....', '.###.'],
  d: ['....#', '....#', '.####', '#...#', '#...#', '#...#', '.####'],
  i: ['..#..', '.....', '.##..', '..#..', '..#..', '..#..', '.###.'],
  t: ['.#...', '.#...', '####.', '.#...', '.#...', '.#..#', '..##.'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

export const BADGE_TEXT = 'AI-edited';

export interface BadgeOptions {
  /** Which corner, below/above the story safe zones (default 'top-right'). */
  corner?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
}

/** Where the badge goes and how big it is, in pixels, for an image of this size. */
export function badgeRect(width: number, height: number, options: BadgeOptions = {}): { x: number; y: number; width: number; height: number; scale: number } {
  // One font pixel is 4 image pixels on a 1920-tall story: about 28 px tall letters, readable but small.
  const scale = Math.max(1, Math.round(Math.min(width / 1080, height / 1920) * 4));
  const pad = 3 * scale;
  const w = BADGE_TEXT.length * 6 * scale - scale + 2 * pad;
  const h = 7 * scale + 2 * pad;
  const margin = Math.round(Math.min(width, height) * 0.03);
  // Story apps cover the top ~13% and bottom ~18% with their own interface; stay clear of both.
  const top = Math.round(height * (250 / 1920)) + margin;
  const bottom = height - Math.round(height * (340 / 1920)) - margin - h;
  const corner = options.corner ?? 'top-right';
  const x = corner.endsWith('right') ? width - margin - w : margin;
  const y = corner.startsWith('top') ? top : bottom;
  return { x: Math.max(0, x), y: Math.max(0, y), width: Math.min(w, width), height: Math.min(h, height), scale };
}

/**
 * Returns a copy of `image` with the "AI-edited" badge drawn in a corner. Alpha is kept.
 * @example const labelled = drawBadge(story); // top-right, under the story app's top bar
 */
export function drawBadge(image: RgbaImage, options: BadgeOptions = {}): RgbaImage {
  const out = new Uint8Array(image.data);
  const { width, height } = image;
  const rect = badgeRect(width, height, options);
  const radius = Math.min(rect.height / 2, 4 * rect.scale);
  // Dark translucent pill so the lettering reads on any background.
  for (let y = rect.y; y < Math.min(height, rect.y + rect.height); y++) {
    for (let x = rect.x; x < Math.min(width, rect.x + rect.width); x++) {
      const coverage = roundedCoverage(x - rect.x + 0.5, y - rect.y + 0.5, rect.width, rect.height, radius);
      if (coverage > 0) blend(out, (y * width + x) * 4, 0, 0, 0, 0.6 * coverage);
    }
  }
  const pad = 3 * rect.scale;
  let penX = rect.x + pad;
  for (const ch of BADGE_TEXT) {
    const glyph = GLYPHS[ch] ?? GLYPHS[' '];
    for (let gy = 0; gy < 7; gy++) {
      for (let gx = 0; gx < 5; gx++) {
        if (glyph[gy][gx] !== '#') continue;
        for (let sy = 0; sy < rect.scale; sy++) {
          for (let sx = 0; sx < rect.scale; sx++) {
            const x = penX + gx * rect.scale + sx;
            const y = rect.y + pad + gy * rect.scale + sy;
            if (x < width && y < height) blend(out, (y * width + x) * 4, 255, 255, 255, 0.95);
          }
        }
      }
    }
    penX += 6 * rect.scale;
  }
  return { data: out, width, height };
}

function blend(data: Uint8Array, i: number, r: number, g: number, b: number, a: number): void {
  data[i] = Math.round(data[i] * (1 - a) + r * a);
  data[i + 1] = Math.round(data[i + 1] * (1 - a) + g * a);
  data[i + 2] = Math.round(data[i + 2] * (1 - a) + b * a);
  // A transparent pixel under the badge becomes as opaque as the badge.
  data[i + 3] = Math.max(data[i + 3], Math.round(255 * a));
}

/** 0..1: how much of the pixel centred at (px, py) lies inside a w×h rectangle with corner radius r. */
function roundedCoverage(px: number, py: number, w: number, h: number, r: number): number {
  const cx = Math.min(Math.max(px, r), w - r);
  const cy = Math.min(Math.max(py, r), h - r);
  const d = Math.hypot(px - cx, py - cy);
  return Math.min(1, Math.max(0, r + 0.5 - d));
}
