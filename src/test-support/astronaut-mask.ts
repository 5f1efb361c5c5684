import type { Plane } from '../image/types.js';

/**
 * A hand-drawn outline of the person (with the helmet she holds) in examples/astronaut.png, in the photo's
 * 512×512 pixel coordinates. Drawn by eye over the photo; the ground truth for the model test.
 */
export const ASTRONAUT_OUTLINE: Array<[number, number]> = [
  [22, 512], [18, 450], [22, 385], [30, 340], [44, 300], [68, 262], [98, 236], [113, 215], [112, 205], [122, 175],
  [150, 152], [162, 128], [152, 92], [158, 50], [185, 24], [225, 14], [268, 20], [294, 45], [302, 82], [296, 122],
  [285, 146], [300, 172], [306, 212], [302, 252], [332, 268], [352, 298], [360, 345], [400, 343], [450, 350],
  [488, 375], [505, 412], [512, 460], [512, 512],
];

/** Rasterises a polygon (given in `from`-sized coordinates) into a binary plane of `width`×`height`. */
export function rasterizePolygon(points: Array<[number, number]>, width: number, height: number, from = 512): Plane {
  const data = new Float32Array(width * height);
  const s = width / from;
  const pts = points.map(([x, y]) => [x * s, y * (height / from)] as const);
  for (let y = 0; y < height; y++) {
    const py = y + 0.5;
    for (let x = 0; x < width; x++) {
      const px = x + 0.5;
      let inside = false;
      for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
        const [xi, yi] = pts[i];
        const [xj, yj] = pts[j];
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
      data[y * width + x] = inside ? 1 : 0;
    }
  }
  return { data, width, height };
}
