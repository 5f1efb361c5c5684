import type { Plane, Rect } from '../image/types.js';

/**
 * Separate subjects in a matte: 8-connected regions of matte ≥ 0.5 (the "cores"), each growing through the
 * connected soft pixels around it (hair, fur, motion blur) so that dropping a region also drops its fringe.
 */
export interface MatteRegions {
  /** Per pixel: region id (1-based), 0 for background and for faint haze attached to no core. */
  labels: Int32Array;
  regions: RegionInfo[];
}

export interface RegionInfo {
  id: number;
  /** Box in matte pixels. */
  box: Rect;
  /** Sum of the matte over the region, in pixels: soft area. */
  mass: number;
  /** Core pixels (≥ 0.5). */
  area: number;
}

/** Soft pixels below this do not connect regions (sensor noise and faint haze). */
const SOFT = 0.02;

/** Labels the matte's regions. O(pixels): one flood fill for the cores, one breadth-first growth for the fringe. */
export function labelRegions(matte: Plane): MatteRegions {
  const { data, width, height } = matte;
  const n = width * height;
  const labels = new Int32Array(n);
  const queue = new Int32Array(n);
  const regions: RegionInfo[] = [];
  let next = 1;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== 0 || data[start] < 0.5) continue;
    const id = next++;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    labels[start] = id;
    let minX = width;
    let minY = height;
    let maxX = -1;
    let maxY = -1;
    let area = 0;
    while (head < tail) {
      const i = queue[head++];
      const x = i % width;
      const y = (i - x) / width;
      area++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (labels[j] === 0 && data[j] >= 0.5) {
            labels[j] = id;
            queue[tail++] = j;
          }
        }
      }
    }
    regions.push({ id, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 }, mass: 0, area });
  }
  // Grow every core into its soft surroundings at once (multi-source BFS): each fringe pixel joins the nearest core.
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (labels[i] !== 0) queue[tail++] = i;
  while (head < tail) {
    const i = queue[head++];
    const x = i % width;
    const id = labels[i];
    const check = (j: number) => {
      if (labels[j] === 0 && data[j] >= SOFT) {
        labels[j] = id;
        queue[tail++] = j;
      }
    };
    if (x > 0) check(i - 1);
    if (x < width - 1) check(i + 1);
    if (i >= width) check(i - width);
    if (i + width < n) check(i + width);
  }
  for (let i = 0; i < n; i++) if (labels[i] !== 0) regions[labels[i] - 1].mass += data[i];
  return { labels, regions };
}

/**
 * Which regions to keep. A point keeps the region under it (or the nearest core); a box keeps the regions
 * mostly inside it (or the one overlapping it most); both together keep the union. Without either, `keep`
 * decides: 'salient' (default) keeps regions with at least `salientFraction` of the largest one's soft area,
 * 'all' keeps everything, faint haze included.
 */
export function chooseRegions(
  found: MatteRegions,
  width: number,
  choice: { point?: readonly [number, number]; box?: Rect; keep?: 'salient' | 'all'; force?: Iterable<number> },
  salientFraction = 0.1,
): Set<number> {
  const { regions, labels } = found;
  const kept = new Set<number>(choice.force ?? []);
  if (choice.point) {
    const [px, py] = choice.point;
    const x = Math.round(px);
    const y = Math.round(py);
    const height = labels.length / width;
    const under = x >= 0 && y >= 0 && x < width && y < height ? labels[y * width + x] : 0;
    if (under) kept.add(under);
    else {
      const nearest = nearestRegion(regions, px, py);
      if (nearest) kept.add(nearest);
    }
  }
  if (choice.box) {
    const b = choice.box;
    let best = 0;
    let bestOverlap = 0;
    let inside = 0;
    for (const r of regions) {
      const ox = Math.max(0, Math.min(b.x + b.width, r.box.x + r.box.width) - Math.max(b.x, r.box.x));
      const oy = Math.max(0, Math.min(b.y + b.height, r.box.y + r.box.height) - Math.max(b.y, r.box.y));
      const overlap = (ox * oy) / (r.box.width * r.box.height);
      if (overlap >= 0.5) {
        kept.add(r.id);
        inside++;
      }
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = r.id;
      }
    }
    if (inside === 0 && best) kept.add(best);
  }
  if (!choice.point && !choice.box) {
    if (choice.keep === 'all') for (const r of regions) kept.add(r.id);
    else {
      const top = Math.max(0, ...regions.map((r) => r.mass));
      for (const r of regions) if (r.mass >= salientFraction * top) kept.add(r.id);
    }
  }
  return kept;
}

function nearestRegion(regions: RegionInfo[], x: number, y: number): number {
  let best = 0;
  let bestD = Infinity;
  for (const r of regions) {
    const dx = Math.max(r.box.x - x, 0, x - (r.box.x + r.box.width - 1));
    const dy = Math.max(r.box.y - y, 0, y - (r.box.y + r.box.height - 1));
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = r.id;
    }
  }
  return best;
}

/** The matte with every pixel outside the kept regions set to 0 ('all' keeps unlabelled haze too). */
export function keepRegions(matte: Plane, found: MatteRegions, kept: Set<number>, keepHaze = false): Plane {
  const out = new Float32Array(matte.data.length);
  for (let i = 0; i < out.length; i++) {
    const id = found.labels[i];
    if (id === 0 ? keepHaze : kept.has(id)) out[i] = matte.data[i];
  }
  return { data: out, width: matte.width, height: matte.height };
}
