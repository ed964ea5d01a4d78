// First-run benchmark: from `npm start` on a fresh data dir to the demo map drawn-ready (projection
// succeeded) and the evaluation report available, on embedded defaults (SQLite, Milvus Lite,
// Vaswani from ../shared/data). Baseline measured in the same run: the bare load of the 11,429
// vectors into Milvus Lite (the part no product logic can avoid).
//   npm run bench:first-run [-- --runs 3]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(args.runs);
for (const file of ['apps/api/dist/main.js', 'libs/services/dist/index.js', 'libs/demo/dist/index.js']) {
  if (!existsSync(join(root, file))) throw new Error(`${file} is missing: build first (npx nx run-many -t build)`);
}
const { freePort, spawnGroup, startMilvusLite } = require(join(root, 'libs/services/dist/index.js'));
const { demoDataRoot, loadDocuments } = require(join(root, 'libs/demo/dist/index.js'));
const { readIrDataset } = require(join(root, 'libs/retrieval/dist/index.js'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => (ms / 1000).toFixed(1);

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function firstRun() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-bench-first-'));
  const port = await freePort();
  const started = performance.now();
  const api = spawnGroup(process.execPath, [join(root, 'apps/api/dist/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), RAGSCOPE_DATA_DIR: dataDir, RAGSCOPE_MILVUS_LITE_PORT: '0', LOG_LEVEL: 'warn' },
  });
  const base = `http://127.0.0.1:${port}`;
  const marks = {};
  try {
    for (;;) {
      if (api.exited()) throw new Error(`the api exited: ${api.output()}`);
      const now = performance.now() - started;
      const health = await json(`${base}/api/health`).catch(() => null);
      if (health && marks.listening === undefined) marks.listening = now;
      const demo = health ? await json(`${base}/api/demo`).catch(() => null) : null;
      if (demo?.job?.status === 'failed') throw new Error(`demo failed: ${demo.job.error}`);
      if (demo?.result && marks.demoJob === undefined) marks.demoJob = now;
      if (demo?.result) {
        const projection = await json(`${base}/api/projections/${demo.result.projectionId}`);
        if (projection.status === 'succeeded' && marks.map === undefined) {
          await json(`${base}/api/projections/${demo.result.projectionId}/clusters`);
          marks.map = performance.now() - started;
        }
        const evaluation = await json(`${base}/api/evaluations/${demo.result.evaluationId}`);
        if (evaluation.status === 'succeeded' && marks.report === undefined) {
          await json(`${base}/api/evaluations/${demo.result.evaluationId}/report`);
          marks.report = performance.now() - started;
        }
        if (marks.map !== undefined && marks.report !== undefined) return marks;
      }
      if (now > 600_000) throw new Error('the demo did not finish within 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bareLoad() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-bench-load-'));
  const server = await startMilvusLite({ dataDir });
  try {
    const dataset = readIrDataset(join(demoDataRoot(), 'vaswani'));
    const started = performance.now();
    await loadDocuments(server.address, 'bench_vaswani', dataset);
    return performance.now() - started;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`machine: ${cpus().length} cores, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const runs = [];
const loads = [];
for (let i = 0; i < RUNS; i++) {
  loads.push(await bareLoad());
  const marks = await firstRun();
  runs.push(marks);
  console.log(`run ${i + 1}: listening ${seconds(marks.listening)} s, demo job done ${seconds(marks.demoJob)} s, map ready ${seconds(marks.map)} s, report ready ${seconds(marks.report)} s; bare load of 11,429 vectors ${seconds(loads[i])} s`);
}
const field = (name) => seconds(median(runs.map((r) => r[name])));
console.log(`median of ${RUNS}: listening ${field('listening')} s, map ready ${field('map')} s, report ready ${field('report')} s; baseline bare load ${seconds(median(loads))} s`);
