import { clamp, mixRgb, rgbToHsl, hslToRgb } from '../../image/color.js';
import { createRandom, fbm, hash2 } from '../../image/random.js';
import type { Plane, Rgb, RgbaImage } from '../../image/types.js';
import type { ScenePlan, TimeOfDay } from '../../scene/plan-types.js';
import type { LightEstimate } from '../types.js';

export interface RenderedScene {
  image: RgbaImage;
  depth: Plane;
  light: LightEstimate;
}

interface SkyLook {
  zenith: Rgb;
  horizon: Rgb;
  sun: Rgb;
  /** Sun height above the horizon as a fraction of the sky height (negative: below). */
  sunHeight: number;
  sunSize: number;
  water: Rgb;
  stars: number;
  light: number;
}

const SKIES: Record<TimeOfDay, SkyLook> = {
  dawn: { zenith: [74, 92, 160], horizon: [250, 188, 160], sun: [255, 226, 190], sunHeight: 0.06, sunSize: 0.05, water: [70, 86, 130], stars: 0.15, light: 0.55 },
  morning: { zenith: [92, 150, 222], horizon: [214, 232, 245], sun: [255, 248, 230], sunHeight: 0.45, sunSize: 0.04, water: [40, 110, 160], stars: 0, light: 0.85 },
  noon: { zenith: [48, 120, 220], horizon: [170, 210, 245], sun: [255, 255, 245], sunHeight: 0.85, sunSize: 0.035, water: [22, 96, 158], stars: 0, light: 1 },
  'golden-hour': { zenith: [96, 140, 200], horizon: [255, 200, 120], sun: [255, 236, 170], sunHeight: 0.16, sunSize: 0.05, water: [60, 96, 128], stars: 0, light: 0.8 },
  sunset: { zenith: [58, 64, 140], horizon: [255, 128, 64], sun: [255, 210, 120], sunHeight: 0.03, sunSize: 0.07, water: [70, 54, 96], stars: 0, light: 0.6 },
  dusk: { zenith: [34, 38, 96], horizon: [222, 120, 128], sun: [255, 170, 140], sunHeight: -0.04, sunSize: 0.06, water: [40, 40, 80], stars: 0.3, light: 0.35 },
  'blue-hour': { zenith: [16, 30, 82], horizon: [90, 120, 190], sun: [180, 200, 255], sunHeight: -0.1, sunSize: 0.05, water: [20, 34, 72], stars: 0.4, light: 0.25 },
  night: { zenith: [6, 8, 24], horizon: [24, 34, 70], sun: [236, 240, 255], sunHeight: 0.55, sunSize: 0.03, water: [8, 14, 34], stars: 1, light: 0.12 },
};

const DEFAULT_PALETTE: Rgb[] = [
  [255, 196, 168],
  [196, 168, 232],
];

/**
 * Draws a scene plan into `width`×`height` pixels. Pure and seeded: the same plan, size and seed give the
 * same pixels; another seed moves the sun, the clouds and the gradient angle.
 */
export function renderScene(plan: ScenePlan, width: number, height: number, seed: number): RenderedScene {
  const wantsSky = plan.timeOfDay !== undefined || plan.concepts.some((c) => c === 'ocean' || c === 'beach' || c === 'sky');
  return wantsSky ? renderLandscape(plan, width, height, seed) : renderGradient(plan, width, height, seed);
}

function renderLandscape(plan: ScenePlan, width: number, height: number, seed: number): RenderedScene {
  const rand = createRandom(seed);
  const look = SKIES[plan.timeOfDay ?? 'noon'];
  // A palette colour asked for tints the horizon, so "pink sunset" is pinker.
  const horizonColour = plan.palette.length > 0 ? mixRgb(look.horizon, plan.palette[0], 0.55) : look.horizon;
  const zenithColour = plan.palette.length > 1 ? mixRgb(look.zenith, plan.palette[1], 0.5) : look.zenith;
  const hasWater = plan.concepts.includes('ocean') || plan.concepts.includes('beach');
  const hasBeach = plan.concepts.includes('beach');
  const horizonY = Math.round(height * (hasWater ? 0.56 + rand() * 0.06 : 0.82));
  const sunX = width * (0.3 + rand() * 0.4);
  const sunY = horizonY - look.sunHeight * horizonY;
  const sunR = look.sunSize * width;
  const cloudSeed = Math.floor(rand() * 1e6);
  const cloudiness = 0.25 + rand() * 0.3;
  const beachTop = Math.round(height * (0.8 + rand() * 0.05));

  const data = new Uint8Array(width * height * 4);
  const depth = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let r: number;
      let g: number;
      let b: number;
      if (y < horizonY) {
        const t = y / horizonY;
        const s = t * t;
        r = zenithColour[0] + (horizonColour[0] - zenithColour[0]) * s;
        g = zenithColour[1] + (horizonColour[1] - zenithColour[1]) * s;
        b = zenithColour[2] + (horizonColour[2] - zenithColour[2]) * s;
        const d = Math.hypot(x - sunX, y - sunY);
        // Sun disc plus a wide glow: the glow is what makes golden hour read as golden.
        const glow = Math.exp(-d / (sunR * 4)) * 0.55 * look.light + (d < sunR ? 1 : Math.exp(-(d - sunR) / (sunR * 0.25)) * 0.9);
        r += (look.sun[0] - r) * clamp(glow, 0, 1);
        g += (look.sun[1] - g) * clamp(glow, 0, 1);
        b += (look.sun[2] - b) * clamp(glow, 0, 1);
        const c = fbm(x / (width * 0.35), y / (height * 0.08), cloudSeed, 4);
        const cloud = clamp((c - (1 - cloudiness)) * 3.5, 0, 0.85) * (1 - t * 0.4);
        if (cloud > 0) {
          const lit = mixRgb(horizonColour, [255, 255, 255], look.light * 0.7);
          r += (lit[0] - r) * cloud;
          g += (lit[1] - g) * cloud;
          b += (lit[2] - b) * cloud;
        }
        if (look.stars > 0 && hash2(x, y, seed) > 1 - 0.0015 * look.stars * (1 - t)) {
          r = g = b = 230;
        }
        depth[i] = 1;
      } else if (!hasWater || (hasBeach && y >= beachTop)) {
        const t = hasWater ? (y - beachTop) / (height - beachTop) : (y - horizonY) / (height - horizonY);
        const sand: Rgb = hasWater ? [226, 196, 150] : [96, 128, 72];
        const shade = 0.55 + 0.45 * look.light;
        const grain = (hash2(x, y, seed + 7) - 0.5) * 14;
        r = sand[0] * shade * (0.92 + 0.08 * t) + grain;
        g = sand[1] * shade * (0.92 + 0.08 * t) + grain;
        b = sand[2] * shade * (0.92 + 0.08 * t) + grain;
        depth[i] = 0.3 * (1 - t);
      } else {
        const t = (y - horizonY) / (height - horizonY);
        r = look.water[0] + (horizonColour[0] - look.water[0]) * 0.35 * (1 - t);
        g = look.water[1] + (horizonColour[1] - look.water[1]) * 0.35 * (1 - t);
        b = look.water[2] + (horizonColour[2] - look.water[2]) * 0.35 * (1 - t);
        // The sun's reflection: a column of glints that widens towards the viewer.
        const wave = fbm(x / (width * 0.05), (y - horizonY) / (height * 0.004 + t * height * 0.02), seed + 3, 3);
        const column = Math.exp(-(((x - sunX) / (sunR * (1.2 + t * 5))) ** 2));
        const glint = column * clamp((wave - 0.45) * 3, 0, 1) * (look.sunHeight > -0.05 ? 1 : 0.2);
        r += (look.sun[0] - r) * glint;
        g += (look.sun[1] - g) * glint;
        b += (look.sun[2] - b) * glint;
        const ripple = (wave - 0.5) * 30 * (0.3 + t);
        r += ripple;
        g += ripple;
        b += ripple;
        depth[i] = 1 - 0.7 * t;
      }
      const o = i * 4;
      data[o] = clamp(Math.round(r), 0, 255);
      data[o + 1] = clamp(Math.round(g), 0, 255);
      data[o + 2] = clamp(Math.round(b), 0, 255);
      data[o + 3] = 255;
    }
  }
  const dx = (sunX - width / 2) / width;
  const dir = normalize([dx, -Math.max(0.05, look.sunHeight), 0.6]);
  return {
    image: { data, width, height },
    depth: { data: depth, width, height },
    light: {
      direction: dir,
      colour: [look.sun[0] / 255, look.sun[1] / 255, look.sun[2] / 255],
      intensity: look.light,
      ambient: [zenithColour[0] / 255, zenithColour[1] / 255, zenithColour[2] / 255],
    },
  };
}

function renderGradient(plan: ScenePlan, width: number, height: number, seed: number): RenderedScene {
  const rand = createRandom(seed);
  const solid = plan.concepts.includes('solid') && plan.palette.length === 1;
  // A solid colour is exactly the colour asked for; a single gradient colour gets shades of itself.
  const palette = plan.palette.length === 0 ? DEFAULT_PALETTE : solid ? plan.palette : plan.palette.length === 1 ? shadesOf(plan.palette[0]) : plan.palette;
  const radial = plan.concepts.includes('radial-gradient');
  const angle = (rand() - 0.5) * 0.8 + Math.PI / 2;
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const cx = width * (0.35 + rand() * 0.3);
  const cy = height * (0.3 + rand() * 0.3);
  const maxR = Math.hypot(width, height) * 0.75;
  const half = Math.abs(ax * width) / 2 + Math.abs(ay * height) / 2;
  const data = new Uint8Array(width * height * 4);
  const n = palette.length - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let t: number;
      if (solid) t = 0;
      else if (radial) t = clamp(Math.hypot(x - cx, y - cy) / maxR, 0, 1);
      else t = clamp(((x - width / 2) * ax + (y - height / 2) * ay) / (2 * half) + 0.5, 0, 1);
      const k = Math.min(n - 1, Math.floor(t * n));
      const c = n === 0 ? palette[0] : mixRgb(palette[k], palette[k + 1], smooth(t * n - k));
      // Half-step dither hides 8-bit banding in long gradients after JPEG.
      const d = hash2(x, y, seed) - 0.5;
      const o = (y * width + x) * 4;
      data[o] = clamp(Math.round(c[0] + d), 0, 255);
      data[o + 1] = clamp(Math.round(c[1] + d), 0, 255);
      data[o + 2] = clamp(Math.round(c[2] + d), 0, 255);
      data[o + 3] = 255;
    }
  }
  const mean = palette.reduce<Rgb>((acc, c) => [acc[0] + c[0] / palette.length, acc[1] + c[1] / palette.length, acc[2] + c[2] / palette.length], [0, 0, 0]);
  return {
    image: { data, width, height },
    depth: { data: new Float32Array(width * height).fill(1), width, height },
    light: {
      direction: [0, -0.5, 0.87],
      colour: [mean[0] / 255, mean[1] / 255, mean[2] / 255],
      intensity: 0.8,
      ambient: [mean[0] / 255, mean[1] / 255, mean[2] / 255],
    },
  };
}

/** One colour becomes a gentle lighter→darker ramp of itself, so a single colour still has depth. */
function shadesOf(c: Rgb): Rgb[] {
  const [h, s, l] = rgbToHsl(c);
  return [hslToRgb(h, s, clamp(l + 0.12, 0, 0.97)), c, hslToRgb(h, s, clamp(l - 0.15, 0.03, 1))];
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

function normalize(v: [number, number, number]): [number, number, number] {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}
