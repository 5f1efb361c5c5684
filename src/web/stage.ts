/**
 * Moving and scaling the subject on the story preview: drag with a mouse or a finger, pinch with two
 * fingers, arrow keys and +/- on the focused preview, or the sliders. The state is plain numbers:
 * `dx`, `dy` as fractions of the canvas and `scale` relative to the automatic layout.
 */
export interface Move {
  dx: number;
  dy: number;
  scale: number;
}

export const NO_MOVE: Move = { dx: 0, dy: 0, scale: 1 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function clampMove(m: Move): Move {
  return { dx: clamp(m.dx, -0.5, 0.5), dy: clamp(m.dy, -0.5, 0.5), scale: clamp(m.scale, 0.3, 2) };
}

/** Wires the gestures on `stage` that move `layer`; `onChange` runs on every change, `onCommit` once a gesture ends. */
export function attachMove(stage: HTMLElement, layer: HTMLElement, onChange: (m: Move) => void, onCommit: (m: Move) => void): { set(m: Move): void; get(): Move } {
  let move: Move = { ...NO_MOVE };
  const pointers = new Map<number, { x: number; y: number }>();
  let start: { move: Move; points: Array<{ x: number; y: number }> } | null = null;

  const apply = (m: Move, commit: boolean) => {
    move = clampMove(m);
    layer.style.transform = `translate(${move.dx * 100}%, ${move.dy * 100}%) scale(${move.scale})`;
    onChange(move);
    if (commit) onCommit(move);
  };

  const snapshot = () => ({ move: { ...move }, points: [...pointers.values()].map((p) => ({ ...p })) });

  stage.addEventListener('pointerdown', (e) => {
    if (!layer.classList.contains('movable')) return;
    stage.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    start = snapshot();
  });
  stage.addEventListener('pointermove', (e) => {
    if (!pointers.has(e.pointerId) || !start) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const rect = stage.getBoundingClientRect();
    const now = [...pointers.values()];
    if (now.length === 1 && start.points.length === 1) {
      apply({ ...start.move, dx: start.move.dx + (now[0].x - start.points[0].x) / rect.width, dy: start.move.dy + (now[0].y - start.points[0].y) / rect.height }, false);
    } else if (now.length >= 2 && start.points.length >= 2) {
      const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y) || 1;
      apply({ ...start.move, scale: start.move.scale * (dist(now[0], now[1]) / dist(start.points[0], start.points[1])) }, false);
    }
  });
  const end = (e: PointerEvent) => {
    if (!pointers.delete(e.pointerId)) return;
    start = pointers.size ? snapshot() : null;
    if (!pointers.size) onCommit(move);
  };
  stage.addEventListener('pointerup', end);
  stage.addEventListener('pointercancel', end);

  stage.addEventListener('keydown', (e) => {
    if (!layer.classList.contains('movable')) return;
    const step = e.shiftKey ? 0.05 : 0.01;
    const keys: Record<string, Partial<Move>> = {
      ArrowLeft: { dx: move.dx - step },
      ArrowRight: { dx: move.dx + step },
      ArrowUp: { dy: move.dy - step },
      ArrowDown: { dy: move.dy + step },
      '+': { scale: move.scale * 1.05 },
      '=': { scale: move.scale * 1.05 },
      '-': { scale: move.scale / 1.05 },
    };
    const change = keys[e.key];
    if (!change) return;
    e.preventDefault();
    apply({ ...move, ...change }, true);
  });

  return { set: (m) => apply(m, false), get: () => move };
}
