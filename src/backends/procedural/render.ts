import { srgbToLinear } from '../../image/color.js';
import { createRandom } from '../../image/random.js';
import { resizePlane } from '../../image/resize.js';
import type { Plane, Rgb, RgbaImage } from '../../image/types.js';
import type { ScenePlan } from '../../scene/plan-types.js';
import type { LightEstimate } from '../types.js';
import { paintGradient, shadesOf } from './gradients.js';
import { paintChecker, paintDots, paintGeometric, paintHalftone, paintHolographic, paintLiquid, paintMemphis, paintPaper, paintPaperCut, paintRetroGrid, paintStripes, paintWaves } from './patterns.js';
import { type Canvas, createCanvas, lerpRgb } from './canvas.js';
import { applyGrade, blurCanvas, sharpen, vignette } from './grade.js';
import { paintCafe, paintClub, paintCozy, paintDiscoBall, paintNeonSign, paintRedCarpet, paintSpotlights, paintStage, paintWindowLight } from './rooms.js';
import { paintCurtains, paintFloor, paintStudio, paintWall } from './surfaces.js';
import { paintOutdoor } from './outdoor.js';
import { paintParticles } from './particle-layer.js';
import { paintMilkyWay, paintNebula, paintPlanet, paintStars } from './sky.js';
import { resolveSpec, type SceneSpec } from './spec.js';
import { toImage } from './upsample.js';

/**
 * Buffers a caller that draws many scenes of one size can hand back in, to spare the allocator (and the
 * garbage collector) two large arrays per scene. Used only when their length fits; their old contents are
 * overwritten, and the returned image's pixels are then `image` itself.
 */
export interface SceneBuffers {
  /** width × height × 4 bytes for the output image. */
  image?: Uint8Array;
  /** The working canvas, 3 floats per working pixel (half size each way above HALF_RES_ABOVE pixels). */
  paint?: Float32Array;
}

/** Buffers of the right sizes for `renderScene` at width × height. */
export function sceneBuffers(width: number, height: number): Required<SceneBuffers> {
  const work = workingSize(width, height);
  return { image: new Uint8Array(width * height * 4), paint: new Float32Array(work.width * work.height * 3) };
}

/** The size `renderScene` paints at for a width × height output. */
function workingSize(width: number, height: number): { width: number; height: number } {
  const scale = width * height > HALF_RES_ABOVE ? 0.5 : 1;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface RenderedScene {
  image: RgbaImage;
  depth: Plane;
  light: LightEstimate;
}

/** Outputs above this many pixels are painted at half size and upsampled (backgrounds are smooth there). */
const HALF_RES_ABOVE = 300_000;

/** The tasteful default when nothing was understood: a soft peach, lavender and sky mesh gradient. */
const DEFAULT_PALETTE: Rgb[] = [[255, 200, 176], [206, 182, 240], [168, 206, 246]];
/** An explicit "gradient" with no colours named: livelier than the fallback. */
const VIVID_PALETTE: Rgb[] = [[255, 94, 160], [255, 170, 90], [150, 100, 255], [80, 170, 255]];
const NIGHT_PALETTE: Rgb[] = [[48, 30, 56], [18, 14, 34], [30, 20, 40]];
const WINTER_PALETTE: Rgb[] = [[196, 218, 246], [120, 150, 210], [70, 96, 160]];
/** Abstract elements that cover the canvas with a pattern. */
const PATTERNS = new Set(['waves', 'liquid', 'geometric', 'memphis', 'paper', 'paper-cut', 'holographic', 'halftone', 'stripes', 'dots', 'checker', 'grid']);
/** Particles that read best on a light ground: with any of them, the ground stays light even if lights glow too. */
const LIGHT_PARTICLES = new Set(['petals', 'confetti', 'balloons', 'hearts', 'leaves', 'streamers']);
/** Particles that emit light and read best on a dark ground. */
const GLOWING = new Set(['fairy-lights', 'lanterns', 'bokeh', 'sparkles', 'fireworks']);

/**
 * Draws a scene plan into `width`×`height` pixels, with a depth map (0 near, 1 far) and an estimate of the
 * scene's light for compose. Pure and seeded: the same plan, size and seed give the same pixels; another
 * seed moves the sun, clouds, terrain, shapes and particles.
 *
 * Cost is linear in pixels: large outputs paint at half resolution and are upsampled once at the end.
 *
 * @example const { image, depth, light } = renderScene(parsePrompt('sunset over the ocean'), 1080, 1920, 7)
 */
export function renderScene(plan: ScenePlan, width: number, height: number, seed: number, buffers: SceneBuffers = {}): RenderedScene {
  const spec = resolveSpec(plan);
  const work = workingSize(width, height);
  const c = createCanvas(work.width, work.height, buffers.paint);
  const s = seed >>> 0;
  let light: LightEstimate;
  if (spec.setting === 'outdoor') light = drawOutdoor(c, spec, s);
  else if (spec.setting === 'space') light = drawSpace(c, spec, s);
  else if (spec.setting === 'interior') light = drawInterior(c, spec, s);
  else light = drawAbstract(c, spec, s);
  paintParticles(c, spec, s);
  if (spec.elements.has('vignette')) vignette(c, 0.45);
  if (spec.composition.blur) blurCanvas(c, c.unit * 1.2, 2);
  if (spec.composition.sharp) sharpen(c, 0.8);
  const grain = applyGrade(c, spec.styles, spec.palette) + (spec.elements.has('grain') ? 10 : 0);
  const image = toImage(c, width, height, s, grain, buffers.image);
  const depthPlane: Plane = { data: c.depth, width: c.width, height: c.height };
  // At exactly 2× compose reads the working-size depth as it is (nearest sample, the same values as pixel
  // doubling); other sizes are resampled to the canvas.
  const depth = (width === c.width && height === c.height) || (width === c.width * 2 && height === c.height * 2) ? depthPlane : resizePlane(depthPlane, width, height);
  return { image, depth, light };
}

function linear(c: Rgb, k = 1): Rgb {
  return [srgbToLinear(Math.min(255, c[0]) / 255) * k, srgbToLinear(Math.min(255, c[1]) / 255) * k, srgbToLinear(Math.min(255, c[2]) / 255) * k];
}

function normalize(v: [number, number, number]): [number, number, number] {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

function drawOutdoor(c: Canvas, spec: SceneSpec, seed: number): LightEstimate {
  const { look, frame } = paintOutdoor(c, spec, seed);
  const up = look.night ? 0.5 : Math.max(0.05, look.sunHeight);
  return {
    direction: normalize([(frame.sunX - c.width / 2) / c.width, -up, 0.6]),
    colour: linear(look.night ? [200, 210, 255] : look.sun),
    intensity: look.light,
    ambient: linear(lerpRgb(look.zenith, look.horizon, 0.5)),
  };
}

function drawSpace(c: Canvas, spec: SceneSpec, seed: number): LightEstimate {
  const rand = createRandom(seed);
  const frame = { horizonY: c.height, sunX: c.width / 2, sunY: c.height / 2, sunR: c.width * 0.04, focusX: c.width * (0.3 + rand() * 0.4) };
  paintGradient(c, 'linear', [[4, 4, 16], [14, 10, 40], [6, 6, 20]], seed, frame.focusX);
  paintStars(c, frame, seed, 1.5);
  const colours = spec.palette.length > 0 ? spec.palette : [[220, 60, 180] as Rgb, [60, 110, 255] as Rgb];
  paintNebula(c, frame, seed, colours);
  if (spec.elements.has('milky-way')) paintMilkyWay(c, frame, seed, spec.elements.get('milky-way')?.variant);
  paintPlanet(c, { ...frame, horizonY: c.height * 0.9 }, seed, spec.elements.get('planet')?.tint ?? spec.palette[0]);
  return { direction: normalize([-0.5, -0.4, 0.6]), colour: linear([255, 244, 230]), intensity: 0.5, ambient: linear(colours[0], 0.15) };
}

const WARM: Rgb = [255, 196, 120];

function drawInterior(c: Canvas, spec: SceneSpec, seed: number): LightEstimate {
  const e = spec.elements;
  const rand = createRandom(seed);
  const focusX = c.width * (spec.composition.focus === 'left' ? 0.3 : spec.composition.focus === 'right' ? 0.7 : spec.composition.focus === 'center' ? 0.5 : 0.35 + rand() * 0.3);
  const main = spec.palette[0] ?? e.get('studio')?.tint ?? e.get('wall')?.tint;
  const accent = spec.palette.length > 0 ? spec.palette : spec.accents;
  let key: Rgb = [255, 246, 234];
  let intensity = 0.8;
  let ambient: Rgb = main ?? [200, 196, 190];
  const wall = e.get('wall');
  if (e.has('studio')) paintStudio(c, main ?? [206, 200, 192], focusX, seed);
  else if (e.has('curtains') && !e.has('stage')) paintCurtains(c, main ?? [150, 18, 36], seed);
  else if (e.has('stage')) paintStage(c, main ?? [120, 14, 32], seed);
  else if (e.has('red-carpet')) paintRedCarpet(c, seed);
  else if (e.has('club')) paintClub(c, seed, accent);
  else if (e.has('cafe')) paintCafe(c, seed, main ?? WARM);
  else if (e.has('cozy')) paintCozy(c, seed, main ?? [226, 200, 170]);
  else if (e.has('disco-ball') && !wall) paintClub(c, seed, accent);
  else {
    // With window light the wall is in shade (a white wall reads grey) so the sunlit panes can be brighter.
    const base = main ?? (e.has('neon-sign') && !wall?.tint ? [70, 52, 50] : wall?.tint ?? (e.has('window') ? [236, 226, 214] : undefined));
    paintWall(c, wall?.variant ?? (e.has('neon-sign') ? 'brick' : 'plain'), base && e.has('window') ? lerpRgb(base, [0, 0, 0], 0.25) : base, seed);
  }
  const floor = e.get('floor');
  if (floor) paintFloor(c, floor.variant, seed);
  if (e.has('window')) paintWindowLight(c, seed, [255, 236, 200]);
  if (e.has('neon-sign')) {
    const cols = accent.length > 0 ? accent : [[255, 46, 170] as Rgb, [40, 230, 255] as Rgb];
    paintNeonSign(c, seed, cols);
    key = cols[0];
    intensity = 0.6;
    ambient = lerpRgb(cols[0], [20, 20, 30], 0.6);
  }
  if (e.has('spotlights')) {
    paintSpotlights(c, seed, spec.palette[1] ?? [255, 244, 220], e.has('red-carpet') ? 3 : 4, c.height * 0.82);
    intensity = 0.9;
    ambient = [30, 24, 40];
  }
  if (e.has('disco-ball')) paintDiscoBall(c, seed);
  if (e.has('club')) {
    key = accent[0] ?? [255, 40, 160];
    intensity = 0.5;
    ambient = [40, 20, 60];
  }
  if (e.has('cafe') || e.has('cozy')) {
    key = WARM;
    ambient = [120, 80, 50];
  }
  return { direction: normalize([(focusX - c.width / 2) / c.width, -0.6, 0.7]), colour: linear(key), intensity, ambient: linear(ambient, 0.6) };
}

function drawAbstract(c: Canvas, spec: SceneSpec, seed: number): LightEstimate {
  const e = spec.elements;
  const rand = createRandom(seed);
  const focusX = c.width * (spec.composition.focus === 'left' ? 0.25 : spec.composition.focus === 'right' ? 0.75 : spec.composition.focus === 'center' ? 0.5 : 0.3 + rand() * 0.4);
  const given = spec.palette.length > 0 ? spec.palette : spec.accents;
  const patterned = [...e.keys()].some((k) => PATTERNS.has(k));
  const gradient = e.get('gradient');
  // Particles alone: a calm ground that lets them stand out (dark for things that glow, light for the rest).
  const glowing = !patterned && [...e.keys()].some((k) => GLOWING.has(k)) && ![...e.keys()].some((k) => LIGHT_PARTICLES.has(k));
  const particlesOnly = !patterned && !e.has('gradient') && e.size > 0;
  const colours = particlesOnly
    ? glowing
      ? given.length > 0 ? [lerpRgb(given[0], [10, 8, 20], 0.75), [14, 10, 24] as Rgb] : NIGHT_PALETTE
      : given.length > 0 ? given.map((g) => lerpRgb(g, [255, 255, 255], 0.62)) : e.has('snowflakes') ? WINTER_PALETTE : DEFAULT_PALETTE
    : given.length > 0 ? given : gradient ? VIVID_PALETTE : DEFAULT_PALETTE;
  const bold = given.length > 1 ? given : given.length === 1 ? [given[0], lerpRgb(given[0], [255, 255, 255], 0.6), lerpRgb(given[0], [0, 0, 0], 0.4)] : [[255, 90, 150] as Rgb, [255, 200, 50] as Rgb, [40, 190, 200] as Rgb, [90, 110, 255] as Rgb];
  const variant = gradient?.variant ?? (spec.fallback || e.size === 0 ? 'mesh' : 'linear');
  const base = colours.length === 1 && variant !== 'solid' ? shadesOf(colours[0]) : colours;
  // A composition word moves the light even on a plain gradient: "horizon low" shifts the colour stops down.
  paintGradient(c, variant, base, seed, focusX);
  for (const [el, v] of e) {
    if (el === 'waves') paintWaves(c, bold, seed);
    else if (el === 'liquid') paintLiquid(c, v.variant === 'soft' ? colours : bold, seed, v.variant === 'soft');
    else if (el === 'geometric') paintGeometric(c, bold, seed);
    else if (el === 'memphis') {
      paintGradient(c, 'solid', [given.length > 0 ? lerpRgb(given[0], [255, 255, 255], 0.75) : [252, 246, 236]], seed, focusX);
      paintMemphis(c, bold, seed);
    } else if (el === 'paper') paintPaper(c, given[0] ?? [246, 240, 228], seed);
    else if (el === 'paper-cut') paintPaperCut(c, colours, seed);
    else if (el === 'holographic') paintHolographic(c, seed, given[0]);
    else if (el === 'halftone') paintHalftone(c, given.length > 1 ? given[1] : given.length === 1 ? lerpRgb(given[0], [0, 0, 0], 0.45) : [230, 40, 90], seed);
    else if (el === 'stripes') paintStripes(c, bold, v.variant, seed);
    else if (el === 'dots') paintDots(c, given.length > 1 ? given[1] : [255, 255, 255], seed);
    else if (el === 'checker') paintChecker(c, given.length > 0 ? given : [[30, 30, 34], [245, 245, 240]], seed);
    else if (el === 'grid') paintRetroGrid(c, given, seed);
  }
  if (spec.composition.horizon || spec.composition.distance) shiftForComposition(c, spec);
  const mean = colours.reduce<Rgb>((a, col) => [a[0] + col[0] / colours.length, a[1] + col[1] / colours.length, a[2] + col[2] / colours.length], [0, 0, 0]);
  return { direction: normalize([(focusX - c.width / 2) / c.width, -0.5, 0.87]), colour: linear(mean), intensity: 0.8, ambient: linear(mean, 0.6) };
}

/** On abstract scenes, "horizon low/high" and "close/far" become a soft light band and its spread. */
function shiftForComposition(c: Canvas, spec: SceneSpec): void {
  const y0 = c.height * (spec.composition.horizon === 'low' ? 0.75 : spec.composition.horizon === 'high' ? 0.3 : 0.5);
  const spread = c.height * (spec.composition.distance === 'close' ? 0.3 : spec.composition.distance === 'far' ? 0.08 : 0.15);
  for (let y = 0; y < c.height; y++) {
    const k = 0.22 * Math.exp(-(((y - y0) / spread) ** 2));
    for (let x = 0, o = y * c.width * 3; x < c.width; x++, o += 3) {
      c.px[o] += (255 - c.px[o]) * k;
      c.px[o + 1] += (255 - c.px[o + 1]) * k;
      c.px[o + 2] += (255 - c.px[o + 2]) * k;
    }
  }
}
