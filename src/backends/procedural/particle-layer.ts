import type { Rgb } from '../../image/types.js';
import type { Canvas } from './canvas.js';
import {
  FESTIVE, paintBalloons, paintBokeh, paintBubbles, paintConfetti, paintFairyLights, paintFireworks, paintGlitter, paintHearts, paintLanterns,
  paintPetals, paintRain, paintSnowflakes, paintSparkles, paintStreaks, paintStreamers,
} from './particles.js';
import type { SceneSpec } from './spec.js';

const CHRISTMAS: Rgb[] = [[255, 60, 60], [80, 220, 120], [255, 210, 90], [120, 170, 255]];

/** Particles over any setting, in a fixed order (big and far first, fine glitter last). */
export function paintParticles(c: Canvas, spec: SceneSpec, seed: number): void {
  const e = spec.elements;
  const density = spec.styles.has('minimal') ? 0.45 : 1;
  const colours = (el: string, fallback: Rgb[]): Rgb[] => {
    if (spec.palette.length > 0) return spec.palette;
    const tint = e.get(el)?.tint;
    if (tint) return [tint, ...spec.accents.filter((a) => a !== tint)];
    return spec.accents.length > 0 && spec.setting !== 'outdoor' ? [...spec.accents, ...fallback] : fallback;
  };
  if (e.has('bokeh')) paintBokeh(c, seed, colours('bokeh', [[255, 214, 150], [255, 180, 120], [255, 236, 200]]), density);
  if (e.has('fireworks')) paintFireworks(c, seed, e.get('fireworks')?.tint && spec.palette.length === 0 ? [e.get('fireworks')!.tint!, [255, 250, 235], [255, 120, 90], [120, 200, 255]] : colours('fireworks', FESTIVE), density);
  if (e.has('lanterns')) paintLanterns(c, seed, e.get('lanterns')?.variant, density);
  if (e.has('balloons')) paintBalloons(c, seed, colours('balloons', FESTIVE), density);
  if (e.has('fairy-lights')) paintFairyLights(c, seed, e.get('fairy-lights')?.variant === 'christmas' ? CHRISTMAS : spec.palette.length > 0 ? spec.palette : null, density);
  if (e.has('streamers')) paintStreamers(c, seed, colours('streamers', FESTIVE));
  if (e.has('confetti')) paintConfetti(c, seed, colours('confetti', FESTIVE), density, e.get('confetti')?.variant === 'eggs');
  if (e.has('hearts')) paintHearts(c, seed, colours('hearts', [[255, 77, 109], [255, 140, 170], [220, 30, 70]]), density);
  if (e.has('petals')) paintPetals(c, seed, colours('petals', [[255, 196, 208], [255, 228, 236]]), density, false);
  if (e.has('leaves')) paintPetals(c, seed, colours('leaves', [[214, 96, 30], [232, 150, 40], [170, 50, 30]]), density, true);
  if (e.has('bubbles')) paintBubbles(c, seed, density);
  if (spec.weather === 'rain') paintRain(c, seed, density);
  if (e.has('streaks')) paintStreaks(c, seed);
  if (e.has('snowflakes') || (spec.weather === 'snow' && spec.setting === 'outdoor')) paintSnowflakes(c, seed, density);
  if (e.has('sparkles')) paintSparkles(c, seed, colours('sparkles', [[255, 236, 170], [255, 255, 255]]), density);
  if (e.has('glitter')) paintGlitter(c, seed, colours('glitter', [[255, 215, 120], [240, 240, 250], [255, 190, 220]]), density);
}
