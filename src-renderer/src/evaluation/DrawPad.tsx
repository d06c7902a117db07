/**
 * A square to draw on with the mouse (or a finger or pen): white ink on
 * black, like MNIST. It reports the drawing while the stroke goes on
 * (at most every 80 ms) and when it ends.
 */
import { useEffect, useRef, type PointerEvent } from 'react';
import { grayFromRgba, type Gray } from './digit-input';

const SIZE = 280;
const INK_WIDTH = 20;

export function DrawPad({ onDraw, clearKey }: { onDraw(g: Gray | null): void; clearKey: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const sent = useRef(0);
  const inked = useRef(false);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
    inked.current = false;
  }, [clearKey]);

  const report = (force: boolean) => {
    const el = canvas.current;
    const ctx = el?.getContext('2d', { willReadFrequently: true });
    if (!el || !ctx || !inked.current) return;
    const now = performance.now();
    if (!force && now - sent.current < 80) return;
    sent.current = now;
    onDraw(grayFromRgba(ctx.getImageData(0, 0, SIZE, SIZE).data, SIZE, SIZE));
  };

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * SIZE, y: ((e.clientY - r.top) / r.height) * SIZE };
  };

  const stroke = (to: { x: number; y: number }) => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = INK_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + (from === to ? 0.01 : 0), to.y);
    ctx.stroke();
    last.current = to;
    inked.current = true;
  };

  return (
    <canvas
      ref={canvas}
      className="draw-pad"
      width={SIZE}
      height={SIZE}
      data-testid="draw-pad"
      role="img"
      aria-label="Drawing area: draw a digit with the mouse"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        last.current = null;
        stroke(point(e));
        report(false);
      }}
      onPointerMove={(e) => {
        if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
        stroke(point(e));
        report(false);
      }}
      onPointerUp={(e) => {
        e.currentTarget.releasePointerCapture(e.pointerId);
        last.current = null;
        report(true);
      }}
    />
  );
}
