import { clamp } from '../../image/color.js';
import type { Rgb } from '../../image/types.js';
import type { TimeOfDay, Weather } from '../../scene/plan-types.js';
import { lerpRgb, scaleRgb } from './canvas.js';

/** How the sky and its light look at one time of day in one weather; every outdoor layer reads from it. */
export interface Look {
  zenith: Rgb;
  horizon: Rgb;
  sun: Rgb;
  /** Sun height above the horizon as a fraction of the sky's height (negative: below). */
  sunHeight: number;
  sunSize: number;
  /** Key light strength 0..1 (what lights terrain faces). */
  light: number;
  /** Colour of the shadowed side / fill. */
  ambient: Rgb;
  /** Colour distant things fade into (atmospheric perspective). */
  haze: Rgb;
  water: Rgb;
  stars: number;
  /** Cloud cover 0..1 and how dark the clouds are. */
  cover: number;
  cloudDark: number;
  /** Extra haze 0..1 (fog). */
  fog: number;
  sunVisible: boolean;
  night: boolean;
}

const BASE: Record<TimeOfDay, Omit<Look, 'cover' | 'cloudDark' | 'fog' | 'sunVisible' | 'haze'>> = {
  dawn: { zenith: [82, 98, 168], horizon: [252, 190, 160], sun: [255, 222, 186], sunHeight: 0.05, sunSize: 0.06, light: 0.55, ambient: [120, 110, 160], water: [80, 92, 140], stars: 0.15, night: false },
  morning: { zenith: [90, 152, 226], horizon: [218, 234, 246], sun: [255, 248, 228], sunHeight: 0.5, sunSize: 0.045, light: 0.85, ambient: [150, 180, 220], water: [40, 112, 164], stars: 0, night: false },
  noon: { zenith: [42, 118, 222], horizon: [172, 212, 246], sun: [255, 255, 246], sunHeight: 0.85, sunSize: 0.04, light: 1, ambient: [150, 185, 230], water: [24, 100, 164], stars: 0, night: false },
  'golden-hour': { zenith: [98, 140, 204], horizon: [255, 204, 128], sun: [255, 234, 168], sunHeight: 0.18, sunSize: 0.055, light: 0.82, ambient: [150, 140, 170], water: [64, 98, 132], stars: 0, night: false },
  sunset: { zenith: [62, 66, 146], horizon: [255, 132, 66], sun: [255, 212, 124], sunHeight: 0.035, sunSize: 0.075, light: 0.62, ambient: [120, 90, 140], water: [76, 56, 100], stars: 0, night: false },
  dusk: { zenith: [36, 40, 100], horizon: [226, 124, 130], sun: [255, 168, 140], sunHeight: -0.05, sunSize: 0.06, light: 0.36, ambient: [80, 70, 120], water: [42, 42, 84], stars: 0.35, night: false },
  'blue-hour': { zenith: [16, 32, 88], horizon: [96, 126, 196], sun: [180, 200, 255], sunHeight: -0.12, sunSize: 0.05, light: 0.26, ambient: [90, 110, 170], water: [20, 36, 76], stars: 0.45, night: true },
  night: { zenith: [5, 8, 24], horizon: [22, 32, 68], sun: [170, 190, 255], sunHeight: 0.55, sunSize: 0.035, light: 0.16, ambient: [84, 104, 170], water: [8, 14, 34], stars: 1, night: true },
};

/**
 * The look for a time of day and weather, tinted by the palette: the first colour tints the horizon (so a
 * "pink sunset" is pinker), the second the zenith.
 */
export function lookFor(time: TimeOfDay, weather: Weather, palette: Rgb[]): Look {
  const b = BASE[time];
  let zenith = b.zenith;
  let horizon = b.horizon;
  if (palette.length > 0) horizon = lerpRgb(horizon, palette[0], 0.6);
  if (palette.length > 1) zenith = lerpRgb(zenith, palette[1], 0.55);
  else if (palette.length === 1) zenith = lerpRgb(zenith, palette[0], 0.25);
  const look: Look = { ...b, zenith, horizon, haze: lerpRgb(horizon, zenith, 0.35), cover: 0.12, cloudDark: 0, fog: 0, sunVisible: b.sunHeight > -0.02 };
  const grey = (c: Rgb, k: number, level: number): Rgb => {
    const y = (c[0] * 0.3 + c[1] * 0.59 + c[2] * 0.11) * level;
    return lerpRgb(c, [y, y, y], k);
  };
  switch (weather) {
    case 'clear':
      look.cover = 0;
      break;
    case 'cloudy':
      look.cover = 0.5;
      break;
    case 'overcast':
    case 'rain':
      look.cover = 0.95;
      look.cloudDark = weather === 'rain' ? 0.45 : 0.25;
      look.zenith = grey(zenith, 0.8, 0.85);
      look.horizon = grey(horizon, 0.7, 1);
      look.light *= 0.55;
      look.sunVisible = false;
      look.fog = weather === 'rain' ? 0.25 : 0.1;
      break;
    case 'stormy':
      look.cover = 1;
      look.cloudDark = 0.7;
      look.zenith = scaleRgb(grey(zenith, 0.75, 1), 0.45);
      look.horizon = scaleRgb(grey(horizon, 0.6, 1), 0.65);
      look.light *= 0.35;
      look.sunVisible = false;
      look.fog = 0.15;
      break;
    case 'foggy':
      look.cover = 0.2;
      look.fog = 0.9;
      look.zenith = lerpRgb(zenith, grey(horizon, 0.7, 1.05), 0.75);
      look.horizon = lerpRgb(horizon, grey(horizon, 0.7, 1.1), 0.6);
      look.light *= 0.7;
      break;
    case 'snow':
      look.cover = 0.85;
      look.cloudDark = 0.1;
      look.zenith = lerpRgb(grey(zenith, 0.7, 1), [228, 234, 244], time === 'night' ? 0.05 : 0.4);
      look.horizon = lerpRgb(grey(horizon, 0.6, 1), [236, 240, 248], time === 'night' ? 0.05 : 0.5);
      look.light *= 0.7;
      look.sunVisible = false;
      look.fog = 0.3;
      break;
  }
  look.haze = lerpRgb(look.horizon, look.zenith, 0.3);
  if (look.fog > 0.5) look.haze = lerpRgb(look.haze, [200, 204, 210], look.night ? 0 : 0.4);
  look.stars *= clamp(1 - look.cover, 0, 1);
  return look;
}
