/**
 * The preset catalogue ("dynamic prompts"): curated prompts a person can tap instead of typing, and the pure
 * function that orders them for a person on a date. No storage here: history comes in as an argument.
 */

export type PresetCategory = 'trending' | 'seasonal' | 'mood' | 'brand';

export interface Preset {
  id: string;
  /** A short label for a button (≤ 20 characters). */
  label: string;
  prompt: string;
  category: PresetCategory;
  /**
   * When a seasonal preset is in season, as month-day windows (northern hemisphere), e.g. [[12, 1], [12, 26]].
   * A window may wrap the year end ([[12, 20], [3, 19]] is winter).
   */
  season?: Array<[[number, number], [number, number]]>;
}

const p = (id: string, label: string, prompt: string, category: PresetCategory, season?: Preset['season']): Preset => ({ id, label, prompt, category, ...(season ? { season } : {}) });

export const PRESETS: readonly Preset[] = [
  // Trending fun
  p('golden-beach', 'Golden beach', 'tropical beach at golden hour', 'trending'),
  p('sunset-sea', 'Sunset sea', 'sunset over the ocean', 'trending'),
  p('city-nights', 'City nights', 'city skyline at night', 'trending'),
  p('neon-tokyo', 'Neon street', 'rainy neon street at night', 'trending'),
  p('cotton-candy', 'Cotton candy', 'cotton candy clouds, pastel, dreamy', 'trending'),
  p('aurora', 'Aurora', 'northern lights over a snowy lake', 'trending'),
  p('milky-way', 'Milky Way', 'milky way over desert dunes', 'trending'),
  p('space', 'Outer space', 'outer space with planets and a nebula', 'trending'),
  p('synthwave', 'Synthwave', 'synthwave retro grid, neon pink', 'trending'),
  p('y2k-holo', 'Y2K holo', 'holographic y2k', 'trending'),
  p('confetti-pop', 'Confetti pop', 'confetti and balloons, vibrant', 'trending'),
  p('lavender', 'Lavender fields', 'lavender field at golden hour', 'trending'),
  p('sakura', 'Sakura', 'cherry blossom park in the morning, soft', 'trending'),
  p('alps', 'Snowy peaks', 'snowy peaks above a mountain lake at sunrise', 'trending'),
  p('red-carpet', 'Red carpet', 'red carpet with spotlights', 'trending'),
  p('concert', 'On stage', 'concert stage with spotlights and bokeh', 'trending'),
  p('rooftop', 'Rooftop', 'rooftop at blue hour with fairy lights', 'trending'),
  p('memphis', 'Memphis', 'memphis pattern, bright colours', 'trending'),
  p('rainbow', 'Rainbow', 'rainbow over green hills', 'trending'),
  p('disco', 'Disco', 'disco ball and glitter', 'trending'),
  // Seasonal (northern hemisphere)
  p('new-year', 'New Year', 'new year fireworks, gold and black', 'seasonal', [[[12, 26], [1, 2]]]),
  p('valentines', "Valentine's", 'pink and red hearts, romantic', 'seasonal', [[[2, 1], [2, 15]]]),
  p('lunar-new-year', 'Lunar New Year', 'red paper lanterns at dusk', 'seasonal', [[[1, 15], [2, 20]]]),
  p('st-patricks', "St Patrick's", 'emerald green hills with a rainbow', 'seasonal', [[[3, 10], [3, 18]]]),
  p('easter', 'Easter', 'pastel easter eggs on a meadow', 'seasonal', [[[3, 20], [4, 25]]]),
  p('spring-bloom', 'Spring bloom', 'tulip field in the morning', 'seasonal', [[[3, 20], [5, 31]]]),
  p('pride', 'Pride', 'pride rainbow stripes', 'seasonal', [[[6, 1], [6, 30]]]),
  p('summer-beach', 'Summer', 'sunny tropical beach with palm trees', 'seasonal', [[[6, 1], [8, 31]]]),
  p('summer-sunset', 'Summer sunset', 'warm sunset over the sea, cinematic', 'seasonal', [[[6, 1], [8, 31]]]),
  p('july-fourth', 'Fireworks night', 'fireworks over the city, red white and blue', 'seasonal', [[[6, 28], [7, 5]]]),
  p('back-to-school', 'Back to school', 'paper texture with geometric shapes, cheerful', 'seasonal', [[[8, 15], [9, 15]]]),
  p('autumn', 'Autumn', 'autumn forest with falling leaves, golden hour', 'seasonal', [[[9, 22], [11, 30]]]),
  p('halloween', 'Halloween', 'spooky halloween full moon, orange and purple', 'seasonal', [[[10, 1], [10, 31]]]),
  p('diwali', 'Diwali', 'diwali lights and lanterns at night', 'seasonal', [[[10, 15], [11, 15]]]),
  p('thanksgiving', 'Thanksgiving', 'cozy thanksgiving, warm autumn leaves', 'seasonal', [[[11, 15], [11, 30]]]),
  p('winter', 'Winter', 'snowy pine forest, soft snowfall', 'seasonal', [[[12, 1], [2, 28]]]),
  p('christmas', 'Christmas', 'christmas fairy lights and snowflakes', 'seasonal', [[[12, 1], [12, 26]]]),
  p('cozy-christmas', 'Cozy Xmas', 'cozy living room with fairy lights, warm', 'seasonal', [[[12, 1], [12, 31]]]),
  p('graduation', 'Graduation', 'graduation confetti, navy and gold', 'seasonal', [[[5, 15], [6, 30]]]),
  p('wedding-season', 'Wedding', 'wedding petals and fairy lights, soft', 'seasonal', [[[5, 1], [9, 30]]]),
  // Moods
  p('dreamy', 'Dreamy', 'dreamy pastel mesh gradient', 'mood'),
  p('moody', 'Moody', 'moody foggy forest', 'mood'),
  p('calm', 'Calm', 'calm lake at dawn, soft', 'mood'),
  p('dramatic', 'Dramatic', 'dramatic stormy sky with lightning', 'mood'),
  p('romantic', 'Romantic', 'romantic bokeh lights, rose gold', 'mood'),
  p('cozy', 'Cozy', 'cozy cafe bokeh, warm', 'mood'),
  p('minimal', 'Minimal', 'minimal white studio with vignette', 'mood'),
  p('vintage', 'Vintage', 'vintage film sunset over hills', 'mood'),
  p('vibrant', 'Vibrant', 'vibrant liquid gradient', 'mood'),
  p('mysterious', 'Mysterious', 'mysterious misty mountains at blue hour', 'mood'),
  p('cheerful', 'Cheerful', 'cheerful sunflower field, blue sky', 'mood'),
  p('serene', 'Serene', 'serene sea at golden hour, horizon low', 'mood'),
  // Brand looks
  p('clean-studio', 'Clean studio', 'seamless paper backdrop, off white, vignette', 'brand'),
  p('grey-studio', 'Grey studio', 'grey studio backdrop, minimal', 'brand'),
  p('brick-loft', 'Brick loft', 'exposed brick wall', 'brand'),
  p('concrete', 'Concrete', 'concrete wall, minimal', 'brand'),
  p('marble', 'Marble', 'white marble, elegant', 'brand'),
  p('wood', 'Warm wood', 'wood panels, warm', 'brand'),
  p('neon-sign', 'Neon sign', 'neon sign on a dark brick wall', 'brand'),
  p('luxury-gold', 'Luxury', 'black and gold gradient with glitter, luxury', 'brand'),
  p('duotone', 'Duotone', 'duotone coral and navy', 'brand'),
  p('halftone-pop', 'Pop art', 'halftone pop art, yellow and red', 'brand'),
  p('paper-cut', 'Paper cut', 'paper cut, teal and peach', 'brand'),
  p('checker', 'Checkerboard', 'checkerboard, black and white', 'brand'),
];

export interface SuggestOptions {
  /** The person's date (their local calendar day). */
  date: Date;
  /** Preset ids or categories the person used before, most recent last. */
  history?: readonly string[];
  /** Southern hemisphere shifts the seasons (not holidays) by six months. Default 'north'. */
  hemisphere?: 'north' | 'south';
  /** How many to return (default all). */
  limit?: number;
}

const SEASONAL_BY_WEATHER = new Set(['spring-bloom', 'summer-beach', 'summer-sunset', 'autumn', 'winter', 'wedding-season']);

/** Days from the window start to `date` if `date` is inside the window (wrapping the year end), else -1. */
function daysInto(window: [[number, number], [number, number]], date: Date): number {
  const year = date.getFullYear();
  const day = (m: number, d: number, y: number) => Date.UTC(y, m - 1, d) / 86_400_000;
  const today = day(date.getMonth() + 1, date.getDate(), year);
  const [[m0, d0], [m1, d1]] = window;
  for (const y of [year - 1, year]) {
    const start = day(m0, d0, y);
    let end = day(m1, d1, y);
    if (end < start) end = day(m1, d1, y + 1);
    if (today >= start && today <= end) return today - start;
  }
  return -1;
}

/** Whether a preset is in season on this date (non-seasonal presets never are). */
export function inSeason(preset: Preset, date: Date, hemisphere: 'north' | 'south' = 'north'): boolean {
  if (!preset.season) return false;
  let d = date;
  if (hemisphere === 'south' && SEASONAL_BY_WEATHER.has(preset.id)) d = new Date(date.getFullYear(), date.getMonth() + 6, date.getDate());
  return preset.season.some((w) => daysInto(w, d) >= 0);
}

/**
 * Orders presets for a person: what is in season today first (short holidays before long seasons), then
 * the categories and presets they used before (more often and more recently used rank higher), then the
 * catalogue's own order. Out-of-season seasonal presets go last. Pure: same inputs, same order.
 *
 * @example suggestPresets({ date: new Date(2026, 9, 20), history: ['mood'] })[0].id // 'halloween'
 */
export function suggestPresets(options: SuggestOptions): Preset[] {
  const history = options.history ?? [];
  const hemisphere = options.hemisphere ?? 'north';
  const categoryWeight = new Map<string, number>();
  const presetWeight = new Map<string, number>();
  const byId = new Map(PRESETS.map((x) => [x.id, x]));
  history.forEach((h, k) => {
    // Later entries count more: recency without storing timestamps.
    const w = 1 + k / Math.max(1, history.length);
    const preset = byId.get(h);
    const category = preset ? preset.category : h;
    categoryWeight.set(category, (categoryWeight.get(category) ?? 0) + w);
    if (preset) presetWeight.set(h, (presetWeight.get(h) ?? 0) + w);
  });
  const maxCat = Math.max(1, ...categoryWeight.values());
  const scored = PRESETS.map((preset, order) => {
    let score = 0;
    if (preset.season) {
      if (inSeason(preset, options.date, hemisphere)) {
        const span = Math.min(...preset.season.map(([[m0, d0], [m1, d1]]) => ((m1 - m0 + 12) % 12) * 31 + d1 - d0));
        score += 100 + Math.max(0, 60 - span) / 2;
      } else score -= 100;
    }
    score += ((categoryWeight.get(preset.category) ?? 0) / maxCat) * 40;
    // A preset used before ranks a little higher, but not above fresh ideas in a liked category.
    score += Math.min(10, (presetWeight.get(preset.id) ?? 0) * 5);
    return { preset, score, order };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const list = scored.map((s) => s.preset);
  return options.limit ? list.slice(0, options.limit) : list;
}

/** The preset with this id, or undefined. */
export function presetById(id: string): Preset | undefined {
  return PRESETS.find((x) => x.id === id);
}
