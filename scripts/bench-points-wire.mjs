// Bytes per map point on the wire: GET /api/projections/:id/points sends Arrow IPC (id utf8,
// x/y float32, cluster int32), gzip-compressed. Baseline in the same run: the same points as a
// JSON array of objects, gzipped the same way. 1M points, 50 clusters, 10 % noise.
//   npm run bench:points
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const { encodeMapPoints } = require(join(import.meta.dirname, '../libs/retrieval/dist/index.js'));
const n = Number(process.env.BENCH_POINTS ?? 1_000_000);
let state = 1;
const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
const x = new Float32Array(n);
const y = new Float32Array(n);
const cluster = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const c = Math.floor(random() * 50);
  cluster[i] = random() < 0.1 ? -1 : c;
  x[i] = (c % 10) * 3 + random() * 2;
  y[i] = Math.floor(c / 10) * 3 + random() * 2;
}
const idSets = {
  'int64 ids (1…n)': Array.from({ length: n }, (_, i) => String(i + 1)),
  'string ids (doc-xxxxxxxx-chunk-k)': Array.from({ length: n }, (_, i) => `doc-${(Math.imul(i, 2654435761) >>> 0).toString(16).padStart(8, '0')}-chunk-${i % 7}`),
};
const perPoint = (bytes) => (bytes / n).toFixed(2);
console.log(`${n.toLocaleString('en')} points; bytes per point`);
console.log('ids | Arrow | Arrow + gzip (on the wire) | JSON + gzip (baseline) | gzip time');
for (const [name, ids] of Object.entries(idSets)) {
  const arrow = encodeMapPoints({ ids, x, y, cluster });
  const started = performance.now();
  const wire = gzipSync(arrow, { level: 6 });
  const gzipMs = performance.now() - started;
  const json = gzipSync(JSON.stringify(ids.map((id, i) => ({ id, x: x[i], y: y[i], cluster: cluster[i] }))), { level: 6 });
  console.log(`${name} | ${perPoint(arrow.length)} | ${perPoint(wire.length)} | ${perPoint(json.length)} | ${gzipMs.toFixed(0)} ms`);
}
