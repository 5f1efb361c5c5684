import { createRandom } from '../image/random.js';
import { BCH_N } from './ecc-bch.js';

/**
 * The layout of the watermark tile, shared by embedder and detector.
 *
 * The image is covered by a grid of square cells whose size is tied to the image's own width
 * (CELLS_ACROSS cells across), so resizing the image resizes the grid with it. The grid repeats a tile of
 * TILE×TILE cells; each cell carries one ±1 chip. A fixed part of the tile is a known pilot (for
 * synchronising after crops: the detector folds all tiles onto one and finds the pilot's cyclic shift),
 * the rest carries the 127 BCH-coded bits, each spread over several cells scattered across the tile.
 * Data chips are XORed with a fixed scrambling sequence so every payload looks like noise.
 */

/** Cells across the image width. 128 → 8.4 px cells on a 1080 px story. */
export const CELLS_ACROSS = 128;
/** Tile side in cells; the pattern repeats every TILE cells in x and y. */
export const TILE = 32;
export const TILE_CELLS = TILE * TILE;
/** Cells per coded bit. */
export const CHIPS_PER_BIT = 6;
export const DATA_CELLS = BCH_N * CHIPS_PER_BIT;
export const PILOT_CELLS = TILE_CELLS - DATA_CELLS;

const LAYOUT_SEED = 0x5ce2026;

export interface TileLayout {
  /** For each data chip (bit-major: bit b owns chips b*CHIPS_PER_BIT …), its cell index in the tile. */
  dataCell: Int32Array;
  /** Scrambling sign (±1) per data chip. */
  dataSign: Int8Array;
  /** Cell index and sign of each pilot chip. */
  pilotCell: Int32Array;
  pilotSign: Int8Array;
}

export const LAYOUT: TileLayout = buildLayout();

function buildLayout(): TileLayout {
  const random = createRandom(LAYOUT_SEED);
  const order = new Int32Array(TILE_CELLS);
  for (let i = 0; i < TILE_CELLS; i++) order[i] = i;
  for (let i = TILE_CELLS - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const sign = () => (random() < 0.5 ? -1 : 1);
  const dataCell = order.slice(0, DATA_CELLS);
  const pilotCell = order.slice(DATA_CELLS);
  const dataSign = Int8Array.from(dataCell, sign);
  const pilotSign = Int8Array.from(pilotCell, sign);
  return { dataCell, dataSign, pilotCell, pilotSign };
}

/** The tile's chip values (±1 per cell, row-major TILE×TILE) for 127 coded bits (bit 1 → inverted chip). */
export function tileChips(codeBits: Uint8Array): Float32Array {
  const chips = new Float32Array(TILE_CELLS);
  for (let b = 0; b < BCH_N; b++) {
    const flip = codeBits[b] ? -1 : 1;
    for (let c = 0; c < CHIPS_PER_BIT; c++) {
      const k = b * CHIPS_PER_BIT + c;
      chips[LAYOUT.dataCell[k]] = LAYOUT.dataSign[k] * flip;
    }
  }
  for (let k = 0; k < PILOT_CELLS; k++) chips[LAYOUT.pilotCell[k]] = LAYOUT.pilotSign[k];
  return chips;
}

/** Only the pilot chips (data cells 0): what the detector correlates against. */
export function pilotChips(): Float32Array {
  const chips = new Float32Array(TILE_CELLS);
  for (let k = 0; k < PILOT_CELLS; k++) chips[LAYOUT.pilotCell[k]] = LAYOUT.pilotSign[k];
  return chips;
}
