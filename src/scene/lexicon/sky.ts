import { concept as c, type Concept } from './types.js';

/** Time of day and light. */
export const LIGHT: Concept[] = [
  c('dawn', 'light', 'dawn|daybreak|first light|break of day|early morning', { time: 'dawn' }),
  c('sunrise', 'light', 'sunrise|sun rise|sunup|rising sun', { time: 'dawn', element: 'sun' }),
  c('morning', 'light', 'morning|mornings|am|breakfast time', { time: 'morning' }),
  c('noon', 'light', 'noon|midday|daytime|day|daylight|sunny|sunshine|bright day|blue sky|high noon|summer day', { time: 'noon' }),
  c('afternoon', 'light', 'afternoon|late afternoon|lazy afternoon', { time: 'golden-hour' }),
  c('golden-hour', 'light', 'golden hour|magic hour|golden light|warm light|sunlit', { time: 'golden-hour', element: 'sun' }),
  c('sunset', 'light', 'sunset|sundown|setting sun|evening|evening sky|sunset sky', { time: 'sunset', element: 'sun' }),
  c('dusk', 'light', 'dusk|twilight|nightfall|gloaming', { time: 'dusk' }),
  c('blue-hour', 'light', 'blue hour|after sunset|evening blue', { time: 'blue-hour' }),
  c('night', 'light', 'night|nighttime|night time|at night|nocturnal|after dark|tonight', { time: 'night' }),
  c('midnight', 'light', 'midnight|dead of night|late night|small hours', { time: 'night', element: 'stars', variant: 'dense' }),
  c('sky', 'light', 'sky|skyscape|heavens|open sky|horizon|landscape|outdoors|outdoor|nature|scenic', { element: 'sky' }),
  c('light-rays', 'light', 'sunbeams|sunbeam|god rays|light rays|rays of light|crepuscular rays|sun rays|light beams', { element: 'rays' }),
  c('lens-flare', 'light', 'lens flare|flare|sun flare|sun glare', { element: 'flare' }),
  c('backlit', 'light', 'backlit|backlight|rim light|contre jour', { element: 'sun', styles: ['glow'] }),
];

/** Weather. */
export const WEATHER: Concept[] = [
  c('clear', 'weather', 'clear|clear sky|cloudless|fair weather', { weather: 'clear' }),
  c('cloudy', 'weather', 'cloudy|clouds|cloud|puffy clouds|fluffy clouds|cumulus|partly cloudy', { weather: 'cloudy' }),
  c('pink-clouds', 'weather', 'cotton candy clouds|candy clouds|cotton candy sky|pink clouds', { weather: 'cloudy', tint: '#ffb3d1', styles: ['pastel'] }),
  c('overcast', 'weather', 'overcast|grey sky|gray sky|dull sky|cloud cover|gloomy sky', { weather: 'overcast' }),
  c('stormy', 'weather', 'storm|stormy|thunderstorm|thunder|storm clouds|tempest', { weather: 'stormy' }),
  c('lightning', 'weather', 'lightning|lightning bolt|thunderbolt', { weather: 'stormy', element: 'lightning', defaultTime: 'dusk' }),
  c('foggy', 'weather', 'fog|foggy|mist|misty|haze|hazy|smog', { weather: 'foggy' }),
  c('rain', 'weather', 'rain|rainy|raining|rainfall|drizzle|shower|downpour|rainstorm', { weather: 'rain' }),
  c('snow', 'weather', 'snow|snowing|snowfall|blizzard|snowstorm|heavy snow', { weather: 'snow' }),
  c('windy', 'weather', 'wind|windy|breezy|gusty', { element: 'streaks' }),
  c('rainbow', 'celestial', 'rainbow|rainbows|double rainbow', { element: 'rainbow' }),
];

/** Things in the sky. */
export const CELESTIAL: Concept[] = [
  c('sun', 'celestial', 'sun|the sun|sun disc|sun disk|glowing sun', { element: 'sun' }),
  c('moon', 'celestial', 'moon|moonlight|moonlit|the moon', { element: 'moon', defaultTime: 'night' }),
  c('full-moon', 'celestial', 'full moon|big moon|harvest moon|super moon|supermoon', { element: 'moon', variant: 'full', defaultTime: 'night' }),
  c('crescent-moon', 'celestial', 'crescent|crescent moon|new moon|half moon', { element: 'moon', variant: 'crescent', defaultTime: 'night' }),
  c('stars', 'celestial', 'stars|star|starry|starry sky|starlight|starlit|night sky', { element: 'stars', defaultTime: 'night' }),
  c('milky-way', 'celestial', 'milky way|milkyway|galactic core|star field|starfield', { element: 'milky-way', defaultTime: 'night' }),
  c('galaxy', 'celestial', 'galaxy|galaxies|cosmos|cosmic|universe', { element: 'milky-way', variant: 'galaxy', defaultTime: 'night', implies: ['space'] }),
  c('nebula', 'celestial', 'nebula|nebulae|star nursery|space clouds', { element: 'nebula', defaultTime: 'night' }),
  c('aurora', 'celestial', 'aurora|northern lights|aurora borealis|southern lights|aurora australis', { element: 'aurora', defaultTime: 'night' }),
  c('planets', 'celestial', 'planet|planets|saturn|jupiter|mars|ringed planet|solar system', { element: 'planet', defaultTime: 'night' }),
  c('shooting-stars', 'celestial', 'shooting star|shooting stars|meteor|meteors|meteor shower|comet|falling star', { element: 'shooting-stars', defaultTime: 'night' }),
  c('eclipse', 'celestial', 'eclipse|solar eclipse|lunar eclipse|blood moon', { element: 'moon', variant: 'eclipse', defaultTime: 'night' }),
];
