/**
 * Benchmark, not a test gate: the editor's frame time while a layer is
 * dragged in a 300-layer model, in Chromium.
 *
 *   npm run build:web && BENCH=1 npx playwright test e2e/frame-time.bench.spec.ts
 *
 * It opens a generated 300-layer model (dropped onto the canvas as a .nwproj
 * file), fits it to the window so every layer is on screen, then drags one
 * layer along a path for about two and a half seconds with real mouse input,
 * and again zoomed in. For each run it prints:
 *
 * - the requestAnimationFrame interval: its median, and the share of frames
 *   over 20 ms (a frame missed at 60 Hz). Headless Chromium produces frames
 *   at a fixed ~60 Hz even with vsync and the frame-rate limit off, so the
 *   median sits at ~16.7 ms whenever the work fits in a frame and jumps to
 *   ~33 ms when it does not; it cannot go below 16.7 ms here.
 * - the frame work: the main thread's CPU time over the drag (the thread
 *   time, `tdur`, of its top-level tasks in a Chromium trace), divided by the
 *   frames that moved the layer. Each such frame handles one coalesced mouse
 *   move: React Flow's drag handler, React, style, layout and paint. CPU time,
 *   unlike wall time, does not grow when other processes share the machine,
 *   so the figure is stable on a busy CI box. Its median per run is held to
 *   the 16 ms budget.
 *
 * The figures are printed and attached; only a broken drag fails the run.
 * Skipped unless BENCH=1, so the normal suite stays fast.
 */
import { expect, test } from '@playwright/test';

const LAYERS = 300;
const BUDGET_MS = 16;

test.skip(!process.env['BENCH'], 'a benchmark: run with BENCH=1');
test.use({
  // Playwright's trace recorder snapshots the DOM after every action, mouse moves included; on a 300-layer page that alone costs ~100 ms a move.
  trace: 'off',
  screenshot: 'off',
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu-vsync', '--disable-frame-rate-limit'],
  },
});

/** A deep residual MLP: Input, then blocks of Dense → Dense → Add(skip), snaking over columns of 30 layers. */
function bigModel(count: number) {
  const nodes: { id: string; type: string; params: Record<string, unknown>; position: { x: number; y: number } }[] = [];
  const edges: { id: string; source: string; target: string; targetHandle?: string }[] = [];
  const place = (i: number) => ({ x: Math.floor(i / 30) * 280, y: (i % 30) * 120 });
  nodes.push({ id: 'input', type: 'Input', params: { shape: [64] }, position: place(0) });
  let last = 'input';
  let b = 0;
  while (nodes.length + 3 <= count) {
    const a = `b${b}_dense1`;
    const c = `b${b}_dense2`;
    const add = `b${b}_add`;
    nodes.push({ id: a, type: 'Dense', params: { units: 64, activation: 'relu' }, position: place(nodes.length) });
    nodes.push({ id: c, type: 'Dense', params: { units: 64 }, position: place(nodes.length) });
    nodes.push({ id: add, type: 'Add', params: {}, position: place(nodes.length) });
    edges.push({ id: `${last}-${a}`, source: last, target: a });
    edges.push({ id: `${a}-${c}`, source: a, target: c });
    edges.push({ id: `${c}-${add}`, source: c, target: add, targetHandle: 'in0' });
    edges.push({ id: `${last}-${add}`, source: last, target: add, targetHandle: 'in1' });
    last = add;
    b++;
  }
  while (nodes.length < count) {
    const id = `head${nodes.length}`;
    nodes.push({ id, type: 'Dense', params: { units: 64 }, position: place(nodes.length) });
    edges.push({ id: `${last}-${id}`, source: last, target: id });
    last = id;
  }
  return { format: 'netwright', version: 1, name: `${count}-layer residual MLP`, nodes, edges };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** CPU time, in ms, of the renderer main thread's top-level tasks, and of the parts worth knowing. */
function mainThreadCpu(events: readonly TraceEvent[]): Record<'total' | 'script' | 'style and layout' | 'paint' | 'layerize', number> {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const on = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const sum = (...names: string[]) => on.filter((e) => names.includes(e.name)).reduce((t, e) => t + (e.tdur ?? 0), 0) / 1000;
  return {
    total: sum('ThreadControllerImpl::RunTask', 'RunTask'),
    script: sum('FunctionCall', 'EvaluateScript'),
    'style and layout': sum('UpdateLayoutTree', 'Layout'),
    paint: sum('PrePaint', 'Paint'),
    layerize: sum('Layerize'),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

test('frame time while dragging a layer in a 300-layer model', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');

  // Open the model by dropping it onto the canvas as a file.
  const text = JSON.stringify(bigModel(LAYERS));
  const transfer = await page.evaluateHandle((json) => {
    const dt = new DataTransfer();
    dt.items.add(new File([json], 'big.nwproj', { type: 'application/json' }));
    return dt;
  }, text);
  await page.locator('.react-flow__pane').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('model-summary')).toContainText(`${LAYERS} layers`, { timeout: 30_000 });
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
  await expect(page.getByTestId('node-error')).toHaveCount(0);
  await page.keyboard.press('f');
  await page.waitForTimeout(500);
  // Fitted, every layer is on screen, so every layer is drawn.
  await expect(page.getByTestId('layer-node')).toHaveCount(LAYERS);

  interface Run {
    label: string;
    moves: number;
    /** Frames that handled at least one mouse move. */
    inputFrames: number;
    /** Main-thread CPU time per frame that moved the layer: in all, and its main parts. */
    cpu: Record<string, number>;
    /** Median rAF interval over the drag, and the share of intervals over 20 ms (a missed frame at 60 Hz). */
    interval: number;
    missed: number;
    moved: boolean;
  }

  async function measureDrag(label: string, nodeId: string): Promise<Run> {
    const node = page.locator(`[data-testid="layer-node"][data-node-id="${nodeId}"] .layer-node__type`);
    const start = (await node.boundingBox())!;
    await page.evaluate(() => {
      const w = window as unknown as { __log: { interval: number; input: boolean }[]; __recording: boolean; __moves: number };
      w.__log = [];
      w.__moves = 0;
      w.__recording = true;
      window.addEventListener('mousemove', () => w.__moves++, { capture: true });
      let movesSeen = 0;
      let last = performance.now();
      const tick = (now: number) => {
        // Chromium dispatches a frame's mouse moves just before its rAF callbacks.
        w.__log.push({ interval: now - last, input: w.__moves !== movesSeen });
        movesSeen = w.__moves;
        last = now;
        if (w.__recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const browser = page.context().browser()!;
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    const x0 = start.x + 10;
    const y0 = start.y + 5;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    // A loop of small moves, as a hand makes them.
    const t0 = Date.now();
    let i = 0;
    while (Date.now() - t0 < 2500) {
      i++;
      await page.mouse.move(x0 + 120 * Math.sin(i / 15), y0 + 80 * Math.sin(i / 23));
    }
    await page.mouse.move(x0 + 60, y0 + 40);
    await page.mouse.up();
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const log = await page.evaluate(() => {
      const w = window as unknown as { __log: { interval: number; input: boolean }[]; __recording: boolean };
      w.__recording = false;
      return w.__log.slice(3, -2);
    });
    const end = (await node.boundingBox())!;
    const inputFrames = log.filter((f) => f.input).length;

    const intervals = log.map((f) => f.interval);
    return {
      label,
      moves: i,
      inputFrames,
      cpu: Object.fromEntries(Object.entries(mainThreadCpu(trace.traceEvents)).map(([k, v]) => [k, v / Math.max(inputFrames, 1)])),
      interval: median(intervals),
      missed: intervals.filter((x) => x > 20).length / intervals.length,
      moved: Math.abs(end.x - start.x) > 20 || Math.abs(end.y - start.y) > 20,
    };
  }

  const fitted = await measureDrag('all 300 layers on screen (zoomed to fit)', 'b40_dense1');
  // Then zoomed in around one layer, as one edits.
  const target = page.locator('[data-testid="layer-node"][data-node-id="b60_dense1"]');
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -300);
  await page.waitForTimeout(400);
  const zoomed = await measureDrag('zoomed in to a readable size', 'b60_dense1');

  const lines = [fitted, zoomed].map(
    (r) =>
      `${r.label}:\n` +
      `  rAF interval median ${r.interval.toFixed(1)} ms, ${(100 * r.missed).toFixed(0)}% of frames missed (over 20 ms)\n` +
      `  frame work ${r.cpu['total']!.toFixed(1)} ms of main-thread CPU per frame that moved the layer ` +
      `(${r.cpu['total']! < BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget); ${r.inputFrames} such frames, ${r.moves} mouse moves\n` +
      `    of which ${Object.entries(r.cpu).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}`,
  );
  const report = [`Frame time while dragging one layer in a ${LAYERS}-layer model (Chromium, vsync off):`, ...lines].join('\n');
  console.log(report);
  await testInfo.attach('frame-time', { body: report, contentType: 'text/plain' });
  expect(fitted.moved, 'the drag moved the layer').toBe(true);
  expect(zoomed.moved, 'the zoomed-in drag moved the layer').toBe(true);
  // The drag ended in one recorded step, and nothing was recompiled into an error.
  await expect(page.getByTestId('tool-undo')).toHaveAttribute('aria-label', 'Undo Move');
  await expect(page.getByTestId('node-error')).toHaveCount(0);
});
