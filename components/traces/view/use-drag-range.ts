import { useState, type PointerEvent } from "react";

/** The part of a drag that counts as a selection rather than a click, in px. */
const MIN_DRAG_PX = 3;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

function fractionAt(e: PointerEvent<HTMLElement>): number {
  const r = e.currentTarget.getBoundingClientRect();
  return r.width > 0 ? clamp01((e.clientX - r.left) / r.width) : 0;
}

/**
 * Dragging across an element to select a part of it (the minimap and the ruler's
 * zoom): `drag` is the selection in progress as fractions of the element's width,
 * `onSelect` gets the final [from, to] (from < to) when the pointer is released after
 * moving at least a few pixels.
 */
export function useDragRange(onSelect: (from: number, to: number) => void) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const handlers = {
    onPointerDown(e: PointerEvent<HTMLElement>) {
      if (e.button !== 0) return;
      e.preventDefault();
      e.currentTarget.setPointerCapture?.(e.pointerId);
      const f = fractionAt(e);
      setDrag({ from: f, to: f });
    },
    onPointerMove(e: PointerEvent<HTMLElement>) {
      if (!drag) return;
      const f = fractionAt(e);
      setDrag((d) => (d ? { from: d.from, to: f } : d));
    },
    onPointerUp(e: PointerEvent<HTMLElement>) {
      if (!drag) return;
      const to = fractionAt(e);
      setDrag(null);
      const lo = Math.min(drag.from, to);
      const hi = Math.max(drag.from, to);
      if ((hi - lo) * e.currentTarget.getBoundingClientRect().width >= MIN_DRAG_PX) onSelect(lo, hi);
    },
    onPointerCancel() {
      setDrag(null);
    },
  };
  const shown = drag && drag.from !== drag.to ? { left: Math.min(drag.from, drag.to), right: Math.max(drag.from, drag.to) } : null;
  return { selection: shown, handlers };
}
