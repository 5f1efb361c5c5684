import { createRandom } from '../../image/random.js';
import type { Canvas } from './canvas.js';
import { type Look, lookFor } from './lighting.js';
import { type Tree, paintBridge, paintForest, paintLighthouse, paintNeonStreet, paintPalms, paintPark, paintRoad, paintRooftop, paintSkyline, paintWaterfall } from './silhouettes.js';
import {
  type Frame, paintAurora, paintClouds, paintFlare, paintLightning, paintMilkyWay, paintMoon, paintNebula, paintPlanet, paintRainbow,
  paintRays, paintShootingStars, paintSky, paintStars, paintSun,
} from './sky.js';
import type { SceneSpec } from './spec.js';
import { paintBeach, paintCliffs, paintDunes, paintGround, paintHills, paintIsland, paintMountains } from './terrain.js';
import { paintWater } from './water.js';

const PLACES = ['water', 'beach', 'mountains', 'hills', 'dunes', 'cliffs', 'island', 'trees', 'palms', 'field', 'park', 'garden', 'skyline', 'road', 'rooftop', 'bridge', 'lighthouse', 'waterfall'];

export interface OutdoorResult {
  look: Look;
  frame: Frame;
}

/** Where the horizon sits for this kind of place, moved by "horizon low/high". */
function horizonFraction(spec: SceneSpec, rand: () => number): number {
  const e = spec.elements;
  let f = e.has('water') || e.has('beach') ? 0.58 : e.has('field') || e.has('park') || e.has('garden') ? 0.55 : e.has('dunes') ? 0.5 : e.has('skyline') ? 0.64 : 0.62;
  f += (rand() - 0.5) * 0.06;
  if (spec.composition.horizon === 'low') f = Math.min(0.82, f + 0.16);
  if (spec.composition.horizon === 'high') f = Math.max(0.36, f - 0.18);
  return f;
}

/** Sky, celestial bodies, clouds, terrain, water and silhouettes, back to front, all under one light. */
export function paintOutdoor(c: Canvas, spec: SceneSpec, seed: number): OutdoorResult {
  const rand = createRandom(seed);
  const e = spec.elements;
  const look = lookFor(spec.time, spec.weather, spec.palette.length > 0 ? spec.palette : spec.skyTint ? [spec.skyTint] : []);
  const focus = spec.composition.focus;
  const focusX = c.width * (focus === 'left' ? 0.27 : focus === 'right' ? 0.73 : focus === 'center' ? 0.5 : 0.28 + rand() * 0.44);
  // Only sky words ("sunset", "clouds", "starry night"): the whole story is sky, no ground to explain.
  const skyOnly = !PLACES.some((p) => e.has(p)) && !e.has('fireworks');
  const horizonY = skyOnly ? c.height * 0.985 : c.height * horizonFraction(spec, rand);
  const scale = spec.composition.distance === 'close' ? 1.7 : spec.composition.distance === 'far' ? 0.6 : 1;
  const sunR = c.width * look.sunSize * scale;
  const frame: Frame = { horizonY, sunX: focusX, sunY: horizonY * (1 - look.sunHeight), sunR, focusX };
  const side: 'left' | 'right' = focusX > c.width / 2 ? 'left' : 'right';

  if (e.has('neon-street')) {
    paintNeonStreet(c, seed, spec.palette);
    return { look, frame };
  }
  paintSky(c, look, frame, skyOnly ? c.height : horizonY + 2);
  const starAmount = Math.max(look.stars, e.has('stars') ? (e.get('stars')?.variant === 'dense' ? 1.6 : 1) * (look.night ? 1 : 0.5) : 0);
  paintStars(c, frame, seed, starAmount);
  if (e.has('nebula')) paintNebula(c, frame, seed, spec.palette);
  if (e.has('milky-way')) paintMilkyWay(c, frame, seed, e.get('milky-way')?.variant);
  if (e.has('aurora')) paintAurora(c, frame, seed, e.get('aurora')?.tint ?? spec.palette[0]);
  if (e.has('rainbow')) paintRainbow(c, frame);
  if (e.has('sun') || (look.sunVisible && !look.night)) paintSun(c, look, frame);
  const moon = e.get('moon');
  if (moon || (look.night && !e.has('milky-way') && !e.has('aurora') && !e.has('fireworks'))) paintMoon(c, look, frame, moon?.variant, moon?.tint, seed);
  if (e.has('planet')) paintPlanet(c, frame, seed, e.get('planet')?.tint ?? spec.palette[0]);
  const cloudTint = spec.accents.length > 0 && spec.weather === 'cloudy' ? spec.accents[0] : undefined;
  paintClouds(c, look, frame, seed + 1, cloudTint, look.cover);
  if (e.has('lightning')) paintLightning(c, frame, seed);
  if (e.has('shooting-stars')) paintShootingStars(c, frame, seed);

  // A city with no ground named stands across the water (a harbour reads well by day and by night).
  if (e.has('skyline') && !['water', 'hills', 'field', 'park', 'garden', 'road', 'rooftop', 'beach'].some((p) => e.has(p))) e.set('water', { variant: 'lake' });
  // Jungles have palms among the trees.
  if (e.get('trees')?.variant === 'jungle' && !e.has('palms')) e.set('palms', {});
  // Fireworks with no place named go off over a city by the water, where people watch them.
  if (e.has('fireworks') && !PLACES.some((p) => e.has(p))) {
    e.set('skyline', { variant: 'lit' });
    e.set('water', { variant: 'lake' });
  }
  // Far layers stand on the horizon.
  const mountains = e.get('mountains');
  // A snowy landscape has snow on its mountains too.
  const mountainVariant = mountains?.variant ?? (e.get('field')?.variant === 'snow' || spec.weather === 'snow' ? 'snowy' : undefined);
  if (mountains) paintMountains(c, look, frame, seed, mountainVariant, mountains.tint, scale);
  if (e.has('skyline')) paintSkyline(c, look, frame, seed, e.get('skyline')?.variant === 'lit');
  if (e.has('bridge')) paintBridge(c, look, frame, seed);
  if (e.has('island')) paintIsland(c, look, frame, seed);

  if (skyOnly) {
    if (look.fog > 0) applyFog(c, look);
    return { look, frame };
  }
  // The ground: water, dunes, hills or flat land.
  const water = e.get('water');
  const field = e.get('field');
  const beach = e.get('beach');
  const snowy = spec.weather === 'snow' || field?.variant === 'snow';
  const span = c.height - horizonY;
  const river = water?.variant === 'river';
  if ((water || beach) && !river) {
    const shoreY = beach ? horizonY + span * (0.45 + rand() * 0.1) : c.height;
    paintWater(c, look, frame, seed, water?.variant ?? 'ocean', water?.tint, beach ? shoreY + c.unit * 8 : shoreY);
    if (beach) paintBeach(c, look, seed, shoreY, beach.variant === 'tropical' ? [255, 228, 170] : undefined);
  } else if (e.has('dunes')) paintDunes(c, look, frame, seed, e.get('dunes')?.tint);
  else {
    const kind = snowy ? 'snow' : mountains?.variant === 'canyon' ? 'sand' : mountains?.variant === 'volcano' ? 'dark' : field?.variant === 'flowers' ? 'flowers' : field?.variant === 'wheat' ? 'wheat' : e.has('skyline') && !e.has('hills') ? 'dark' : 'grass';
    paintGround(c, look, frame, seed, kind, kind === 'flowers' || kind === 'wheat' ? field?.tint : kind === 'sand' ? [200, 120, 80] : undefined);
    if (e.has('hills')) {
      paintHills(c, look, frame, seed, snowy ? [236, 242, 252] : e.get('hills')?.tint, e.get('hills')?.variant);
      if (field) paintGround(c, look, frame, seed + 9, kind, field.tint, horizonY + span * 0.35);
    }
    if (river) paintWater(c, look, frame, seed, 'river', water?.tint, c.height, riverSpan(c, frame));
  }
  if (e.has('cliffs')) paintCliffs(c, look, frame, seed, side);
  if (e.has('waterfall')) paintWaterfall(c, look, frame, seed);
  const trees = e.get('trees');
  const park = e.has('park') || e.has('garden');
  if (trees && !park) {
    const kind = (trees.variant ?? 'broadleaf') as 'broadleaf' | 'pine' | 'jungle' | 'acacia' | 'blossom';
    const rows = kind === 'acacia' ? 1 : kind === 'jungle' ? 5 : 3;
    paintForest(c, look, frame, seed, kind, trees.tint, rows, kind !== 'acacia');
  }
  if (park) paintPark(c, look, frame, seed, e.has('garden'), (trees?.variant ?? 'broadleaf') as Tree, trees?.tint);
  if (e.has('road')) paintRoad(c, look, frame);
  if (e.has('lighthouse')) paintLighthouse(c, look, frame, side);
  if (e.has('palms')) paintPalms(c, look, seed, side);
  if (e.has('rooftop')) paintRooftop(c, look);
  if (e.has('rays')) paintRays(c, look, frame, seed);
  if (e.has('flare')) paintFlare(c, frame);
  if (look.fog > 0) applyFog(c, look);
  return { look, frame };
}

/** A river winding from the viewer to the horizon: its left and right bank per row. */
function riverSpan(c: Canvas, f: Frame): (y: number) => [number, number] {
  return (y) => {
    const t = (y - f.horizonY) / (c.height - f.horizonY);
    const cx = f.focusX + Math.sin(t * 4) * c.width * 0.12 * t;
    const half = c.width * (0.004 + t * t * 0.3);
    return [cx - half, cx + half];
  };
}

/** Fog by depth: far things vanish into the haze first. */
function applyFog(c: Canvas, look: Look): void {
  const { px, depth } = c;
  const k = look.fog * 0.92;
  const [hr, hg, hb] = look.haze;
  for (let i = 0, o = 0; i < depth.length; i++, o += 3) {
    const a = k * Math.min(1, depth[i] * 1.15);
    px[o] += (hr - px[o]) * a;
    px[o + 1] += (hg - px[o + 1]) * a;
    px[o + 2] += (hb - px[o + 2]) * a;
  }
}
