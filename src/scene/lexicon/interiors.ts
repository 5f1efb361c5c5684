import { concept as c, type Concept } from './types.js';

/** Studios and interiors: walls, floors, drapes and the light in the room. */
export const INTERIORS: Concept[] = [
  c('studio', 'interior', 'studio|photo studio|photography studio|studio backdrop|seamless|seamless paper|paper backdrop|paper sweep|cyclorama|infinity cove|sweep|portrait backdrop', { element: 'studio' }),
  c('white-studio', 'interior', 'white studio|white backdrop|white seamless|product shot|product photo|catalog|packshot', { element: 'studio', tint: '#f4f4f2' }),
  c('brick-wall', 'interior', 'brick|bricks|brick wall|exposed brick|exposed brick wall|red brick|brickwork|loft', { element: 'wall', variant: 'brick' }),
  c('white-brick', 'interior', 'white brick|painted brick|whitewashed brick', { element: 'wall', variant: 'brick', tint: '#ecebe6' }),
  c('concrete', 'interior', 'concrete|cement|concrete wall|industrial|raw concrete|brutalist|plaster|stucco', { element: 'wall', variant: 'concrete' }),
  c('marble', 'interior', 'marble|marble wall|marble texture|carrara|stone slab|granite', { element: 'wall', variant: 'marble' }),
  c('wood', 'interior', 'wood|wooden|wood panel|wood panels|wooden wall|timber|planks|barn|cabin|rustic', { element: 'wall', variant: 'wood' }),
  c('wood-floor', 'interior', 'wood floor|wooden floor|parquet|floorboards|hardwood', { element: 'floor', variant: 'wood' }),
  c('tiles', 'interior', 'tile|tiles|tiled|subway tile|bathroom|kitchen|ceramic tiles|mosaic', { element: 'wall', variant: 'tiles' }),
  c('wallpaper', 'interior', 'wallpaper|floral wallpaper|damask|patterned wall|victorian', { element: 'wall', variant: 'wallpaper' }),
  c('plain-wall', 'interior', 'wall|walls|painted wall|plain wall|room|interior|indoors|indoor|office|gallery|museum|apartment', { element: 'wall', variant: 'plain' }),
  c('curtains', 'interior', 'curtain|curtains|drapes|drapery|velvet curtains|theatre curtain|theater curtain|velvet', { element: 'curtains' }),
  c('red-carpet', 'interior', 'red carpet|premiere|walk of fame|hollywood|oscars|award show|gala', { element: 'red-carpet', implies: ['spotlights'] }),
  c('spotlights', 'interior', 'spotlight|spotlights|spot light|stage lights|stage lighting|searchlights|beams', { element: 'spotlights' }),
  c('stage', 'interior', 'stage|concert|concert stage|theatre|theater|live show|gig|performance|festival stage', { element: 'stage', implies: ['spotlights'] }),
  c('neon-sign', 'interior', 'neon sign|neon signs|neon lights|neon light|neon tubes|neon glow|led sign', { element: 'neon-sign' }),
  c('nightclub', 'interior', 'nightclub|night club|club|disco|dance floor|rave|lasers|laser|party lights|dj', { element: 'club', defaultTime: 'night' }),
  c('cafe', 'interior', 'cafe|café|coffee shop|coffeehouse|bistro|restaurant|bar|pub|lounge|diner|bakery', { element: 'cafe' }),
  c('cozy-room', 'interior', 'cozy room|living room|bedroom|home|fireplace|candlelight|candles|candle|lamp|warm room|hygge', { element: 'cozy' }),
  c('window-light', 'interior', 'window|windows|window light|window blinds|blinds|shadows|leaf shadows|dappled light', { element: 'window' }),
  c('vignette', 'interior', 'vignette|vignetted|dark corners', { element: 'vignette' }),
];
