/* global document, window */
// npm run bench:viewer — load-to-first-paint and frame times of the map page at 100k and 1M points,
// in headless Debian Chromium with SwiftShader (software WebGL), against a tiny server that serves
// the built viewer and a synthetic projection (Arrow IPC, gzip, as the api sends it).
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeData, makeTable, makeVector, tableToIPC, Utf8 } from 'apache-arrow';
import { chromium } from 'playwright-core';

const DIST = join(import.meta.dirname, '..', 'dist');
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHROMIUM = process.env.RAGSCOPE_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('the viewer is not built: run "npx nx run @ragscope/viewer:build" first');
  process.exit(1);
}

/** n points in 40 gaussian blobs (plus 5% noise), seeded; ids "doc-<i>". */
function synthetic(n) {
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const K = 40;
  const centres = Array.from({ length: K }, () => [rand() * 40 - 20, rand() * 40 - 20, 0.5 + rand() * 2]);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const cluster = new Int32Array(n);
  const encoder = new TextEncoder();
  const offsets = new Int32Array(n + 1);
  const chunks = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (rand() < 0.05) {
      x[i] = rand() * 50 - 25;
      y[i] = rand() * 50 - 25;
      cluster[i] = -1;
    } else {
      const c = Math.floor(rand() * K);
      x[i] = centres[c][0] + gauss() * centres[c][2];
      y[i] = centres[c][1] + gauss() * centres[c][2];
      cluster[i] = c;
    }
    const bytes = encoder.encode(`doc-${i}`);
    chunks.push(bytes);
    total += bytes.length;
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  chunks.forEach((b, i) => data.set(b, offsets[i]));
  const id = makeVector(makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data }));
  const ipc = tableToIPC(makeTable({ id, x: makeVector(x), y: makeVector(y), cluster: makeVector(cluster) }), 'stream');
  const clusters = centres.map((c, k) => ({ clusterId: k, label: `topic ${k} · term · words`, terms: [], size: 0, centroidX: c[0], centroidY: c[1], topValues: {} }));
  for (let i = 0; i < n; i++) if (cluster[i] >= 0) clusters[cluster[i]].size++;
  return { gz: gzipSync(ipc, { level: 1 }), raw: ipc.byteLength, clusters };
}

const projections = new Map();
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const json = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const m = url.pathname.match(/^\/api\/projections\/(bench-\d+)(\/points|\/clusters)?$/);
  if (m && projections.has(m[1])) {
    const p = projections.get(m[1]);
    if (m[2] === '/points') {
      res.writeHead(200, { 'content-type': 'application/vnd.apache.arrow.stream', 'content-encoding': 'gzip' });
      return res.end(p.gz);
    }
    if (m[2] === '/clusters') return json(200, p.clusters);
    return json(200, {
      id: m[1], connectionId: '00000000-0000-0000-0000-000000000000', collection: `synthetic ${p.n}`, vectorField: 'v', textField: null,
      params: { umap: { nComponents: 2 } }, status: 'succeeded', stage: null, progress: 1, error: null, jobId: 'j',
      pointCount: p.n, dimension: 384, nComponents: 2, trustworthiness: null, timings: null, warnings: [], createdAt: new Date().toISOString(),
    });
  }
  if (url.pathname === '/api/health') return json(200, { status: 'ok', version: 'bench', database: { status: 'ok', driver: 'none' }, jobs: { mode: 'none', running: 0, queued: 0 } });
  if (url.pathname === '/api/evaluations') return json(200, []);
  if (url.pathname.startsWith('/api/')) return json(404, { statusCode: 404, error: 'Not Found', message: `Cannot GET ${url.pathname}` });
  const file = normalize(join(DIST, url.pathname === '/' ? 'index.html' : url.pathname));
  if (!file.startsWith(DIST) || !existsSync(file)) return json(404, { statusCode: 404, error: 'Not Found', message: 'no such file' });
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = [];
try {
  for (const n of SIZES) {
    const id = `bench-${n}`;
    const generated = synthetic(n);
    projections.set(id, { n, ...generated });
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(() => (window.__ragscopeFrames = []));
      await page.goto(`${base}/#/map/${id}`);
      await page.waitForFunction((key) => document.body.dataset.mapPainted === key, `${id}:${n}`, { timeout: 120_000 });
      console.error(`${n} points, run ${run + 1}: painted`);
      const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
      // one frame drawn on demand, waited for with a 1-pixel read: what a redraw costs the renderer
      const redraws = await page.evaluate(() => {
        const deck = window.__ragscopeDeck;
        if (!deck) return [];
        const gl = deck.device.gl;
        const pixel = new Uint8Array(4);
        const times = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          deck.redraw('bench');
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
          times.push(performance.now() - t);
        }
        return times;
      });
      if (process.env.BENCH_DEBUG) {
        const before = await page.evaluate(() => window.__ragscopeFrames.length);
        await page.waitForTimeout(3000);
        console.error('idle frames in 3 s:', (await page.evaluate(() => window.__ragscopeFrames.length)) - before);
      }
      if (process.env.BENCH_DEBUG) console.error('redraws', redraws.map((t) => t.toFixed(0)).join(' '));
      if (process.env.BENCH_DEBUG) {
        console.error(JSON.stringify(await page.evaluate(() => {
          const deck = window.__ragscopeDeck;
          const gl = deck.device.gl;
          const all = deck.props.layers;
          const out = { canvas: [deck.canvas.width, deck.canvas.height], aa: gl.getContextAttributes().antialias, samples: gl.getParameter(gl.SAMPLES) };
          for (const layer of [...all, null]) {
            deck.setProps({ layers: layer ? [layer] : [] });
            const t = performance.now();
            deck.redraw('probe');
            const t1 = performance.now();
            gl.finish();
            const t2 = performance.now();
            gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
            out[layer ? layer.id : 'none'] = [t1 - t, t2 - t1, performance.now() - t2].map(Math.round).join('/');
          }
          deck.setProps({ layers: all });
          return out;
        })));
      }
      // frame times while panning: a drag of 40 mouse steps, each one a camera change and a redraw
      await page.evaluate(() => (window.__ragscopeFrames = []));
      const box = await page.getByTestId('map').boundingBox();
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + 300, cy + 150, { steps: 40 });
      await page.mouse.up();
      // and a zoom: 10 wheel steps
      for (let i = 0; i < 10; i++) {
        await page.mouse.wheel(0, -120);
        await page.waitForTimeout(30);
      }
      await page.waitForTimeout(500);
      console.error(`${n} points, run ${run + 1}: panned and zoomed`);
      if (process.env.BENCH_DEBUG) console.error(JSON.stringify(await page.evaluate(() => window.__ragscopeDeck?.metrics)));
      const frames = await page.evaluate(() => window.__ragscopeFrames);
      const gaps = frames.slice(1).map((t, i) => t - frames[i]);
      const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
      runs.push({
        fetchAndTransfer: marks['ragscope:points-arrived'] - marks['ragscope:points-request'],
        decode: marks['ragscope:points-decoded'] - marks['ragscope:points-arrived'],
        loadToFirstPaint: marks['ragscope:first-paint-drawn'] - marks['ragscope:points-arrived'],
        redrawMs: redraws.length ? median(redraws) : NaN,
        frames: gaps.length,
        frameMedian: gaps.length ? median(gaps) : NaN,
        frameP90: gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.9)] : NaN,
        heapMb: heap ? heap / 2 ** 20 : null,
      });
      if (run === 0 && process.env.BENCH_SCREENSHOT) await page.screenshot({ path: `${process.env.BENCH_SCREENSHOT}-${n}.png` });
      await page.close();
    }
    const row = {
      points: n,
      gzipMb: generated.gz.byteLength / 2 ** 20,
      arrowMb: generated.raw / 2 ** 20,
      loadToFirstPaintMs: median(runs.map((r) => r.loadToFirstPaint)),
      decodeMs: median(runs.map((r) => r.decode)),
      fetchMs: median(runs.map((r) => r.fetchAndTransfer)),
      redrawMs: median(runs.map((r) => r.redrawMs)),
      frameMedianMs: median(runs.map((r) => r.frameMedian)),
      frameP90Ms: median(runs.map((r) => r.frameP90)),
      framesPerRun: median(runs.map((r) => r.frames)),
      heapMb: median(runs.map((r) => r.heapMb ?? 0)),
    };
    results.push(row);
    console.log(JSON.stringify({ ...row, runs }));
    projections.delete(id);
  }
} finally {
  await browser.close();
  server.close();
}

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—');
console.log('\n| points | Arrow (gzip) | fetch | decode | load → first paint | one redraw | frame median (pan/zoom) | frame p90 | JS heap |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.points.toLocaleString('en-US')} | ${f(r.arrowMb, 1)} MB (${f(r.gzipMb, 1)} MB) | ${f(r.fetchMs)} ms | ${f(r.decodeMs)} ms | ${f(r.loadToFirstPaintMs)} ms | ${f(r.redrawMs)} ms | ${f(r.frameMedianMs)} ms | ${f(r.frameP90Ms)} ms | ${f(r.heapMb)} MB |`);
}
const slow = results.find((r) => r.points >= 1_000_000 && r.loadToFirstPaintMs > 3_000);
if (slow) {
  console.error(`\n1M points took ${f(slow.loadToFirstPaintMs)} ms from data to first paint (budget 3,000 ms)`);
  process.exitCode = 1;
}
