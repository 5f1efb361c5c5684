import { concept as c, type Concept } from './types.js';

/** Abstract backgrounds: gradients, patterns and textures. */
export const ABSTRACT: Concept[] = [
  c('gradient', 'abstract', 'gradient|gradients|linear gradient|ombre|ombré|fade|colour fade|color fade|blend|smooth gradient', { element: 'gradient', variant: 'linear' }),
  c('radial-gradient', 'abstract', 'radial gradient|radial|glow|glowing|spotlight gradient|halo|orb', { element: 'gradient', variant: 'radial' }),
  c('mesh-gradient', 'abstract', 'mesh gradient|mesh|gradient mesh|blurry gradient|aura|auras|aura gradient|grainy gradient', { element: 'gradient', variant: 'mesh' }),
  c('duotone', 'abstract', 'duotone|two tone|two-tone|split|colour block|color block|colour blocking|color blocking', { element: 'gradient', variant: 'split' }),
  c('solid', 'abstract', 'solid|plain|flat colour|flat color|solid colour|solid color|single colour|single color|simple', { element: 'gradient', variant: 'solid' }),
  c('waves', 'abstract', 'wave pattern|wavy|wavy lines|abstract waves|curves|swirl|swirls|swirly|ripples|flow|flowing', { element: 'waves' }),
  c('liquid', 'abstract', 'liquid|fluid|blob|blobs|lava lamp|marbled|marbling|paint swirl|psychedelic', { element: 'liquid' }),
  c('geometric', 'abstract', 'geometric|geometry|shapes|triangles|triangle|polygons|low poly|lowpoly|hexagons|circles|squares', { element: 'geometric' }),
  c('memphis', 'abstract', 'memphis|memphis pattern|80s pattern|squiggles|squiggle|doodles|playful shapes', { element: 'memphis' }),
  c('paper-texture', 'abstract', 'paper texture|paper|kraft paper|recycled paper|parchment|textured paper|canvas texture|watercolor paper|watercolour paper|cardboard', { element: 'paper' }),
  c('paper-cut', 'abstract', 'paper cut|papercut|paper layers|layered paper|cut paper|paper art', { element: 'paper-cut' }),
  c('holographic', 'abstract', 'holographic|hologram|holo|iridescent|opal|opalescent|pearlescent|chrome|oil slick', { element: 'holographic' }),
  c('halftone', 'abstract', 'halftone|half tone|ben day dots|comic|comic book|pop art|print dots', { element: 'halftone' }),
  c('stripes', 'abstract', 'stripe|stripes|striped|stripy|lines|pinstripe|candy stripe', { element: 'stripes' }),
  c('polka-dots', 'abstract', 'polka dots|polka dot|dots|dotted|spots|spotty', { element: 'dots' }),
  c('checkerboard', 'abstract', 'checkerboard|checkered|checks|chequered|checker|gingham|plaid|tartan', { element: 'checker' }),
  c('grid', 'abstract', 'grid|grid lines|graph paper|synthwave grid|retro grid|tron', { element: 'grid' }),
  c('abstract', 'abstract', 'abstract|abstract art|artsy|modern art|contemporary', { element: 'liquid', variant: 'soft' }),
  c('texture', 'abstract', 'texture|textured|grain|grainy|noise|noisy|speckled|terrazzo', { element: 'grain' }),
];
