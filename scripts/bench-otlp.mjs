// OTLP ingestion benchmark: 10,000 OpenInference RETRIEVER spans with 10 documents each, sent as
// protobuf in batches of 512 from this process to the built api (started as `npm start` would,
// on a fresh SQLite database). Reports accepted-and-stored spans per second and request latency.
//   npm run bench:otlp [-- --spans 10000 --batch 512 --concurrency 4 --runs 3]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '512' },
    concurrency: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
  },
});
const SPANS = Number(args.spans);
const BATCH = Number(args.batch);
const CONCURRENCY = Number(args.concurrency);
const RUNS = Number(args.runs);
const DOCS_PER_SPAN = 10;

const mainJs = join(root, 'apps/api/dist/main.js');
const rootJs = join(root, 'libs/retrieval/dist/spans/otlp-root.js');
for (const file of [mainJs, rootJs]) if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx nx run-many -t build)`);
const { ExportTraceServiceRequest, ExportTraceServiceResponse } = require(rootJs);

const hex = (n, width) => n.toString(16).padStart(width, '0');
const attribute = (key, value) => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : Number.isInteger(value) ? { intValue: value } : { doubleValue: value },
});

/** One export request of `count` retriever spans, encoded with the official protobuf types. */
function encodeBatch(first, count) {
  const start = BigInt(Date.now()) * 1_000_000n;
  const spans = [];
  for (let i = first; i < first + count; i++) {
    const attributes = [
      attribute('openinference.span.kind', 'RETRIEVER'),
      attribute('input.value', `benchmark question number ${i} about vector databases and retrieval quality`),
      attribute('ragscope.collection', 'bench'),
    ];
    for (let d = 0; d < DOCS_PER_SPAN; d++) {
      const prefix = `retrieval.documents.${d}.document`;
      attributes.push(
        attribute(`${prefix}.id`, `doc-${(i * 7 + d * 13) % 50_000}`),
        attribute(`${prefix}.score`, 1 - d * 0.05 - (i % 100) / 1000),
        attribute(`${prefix}.content`, `Chunk ${d} retrieved for question ${i}: ${'lorem ipsum dolor sit amet '.repeat(6)}`),
        attribute(`${prefix}.metadata`, JSON.stringify({ source: `file-${d}.pdf`, page: d + 1 })),
      );
    }
    const t = start + BigInt(i) * 1000n;
    spans.push({
      traceId: Buffer.from(hex(i + 1, 32), 'hex'),
      spanId: Buffer.from(hex(i + 1, 16), 'hex'),
      name: 'VectorStoreRetriever',
      kind: 1,
      startTimeUnixNano: t.toString(),
      endTimeUnixNano: (t + 5_000_000n).toString(),
      attributes,
      status: { code: 1 },
    });
  }
  const request = { resourceSpans: [{ resource: { attributes: [attribute('service.name', 'bench-rag')] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] };
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startApi() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-bench-otlp-'));
  const port = await freePort();
  // BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the api
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, mainJs], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RAGSCOPE_DATA_DIR: dataDir, RAGSCOPE_MILVUS_LITE: '0', RAGSCOPE_DEMO: '0', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error('the api did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    /** user + system CPU seconds the api process has used (Linux /proc), to tell its cost from the machine's load */
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(bodies) {
  const api = await startApi();
  try {
    const latencies = [];
    let next = 0;
    let rejected = 0;
    const cpuBefore = api.cpuSeconds();
    const started = performance.now();
    async function worker() {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const response = await fetch(`${api.baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        const bytes = new Uint8Array(await response.arrayBuffer());
        latencies.push(performance.now() - t0);
        if (response.status !== 200) throw new Error(`export answered ${response.status}: ${Buffer.from(bytes).toString()}`);
        rejected += Number(ExportTraceServiceResponse.decode(bytes).partialSuccess?.rejectedSpans ?? 0);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const apiCpu = api.cpuSeconds() - cpuBefore;
    // accepted means stored: count what the api reads back
    const summary = await (await fetch(`${api.baseUrl}/api/events/summary?collection=bench`)).json();
    if (summary.events !== SPANS || summary.documents !== SPANS * DOCS_PER_SPAN || rejected) {
      throw new Error(`stored ${summary.events} events / ${summary.documents} documents, ${rejected} rejected; expected ${SPANS} / ${SPANS * DOCS_PER_SPAN}`);
    }
    latencies.sort((a, b) => a - b);
    return { seconds, spansPerSecond: SPANS / seconds, spansPerCpuSecond: SPANS / apiCpu, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
  } finally {
    await api.stop();
  }
}

const bodies = [];
for (let first = 0; first < SPANS; first += BATCH) bodies.push(encodeBatch(first, Math.min(BATCH, SPANS - first)));
const megabytes = bodies.reduce((n, b) => n + b.length, 0) / 1024 / 1024;
console.log(`${SPANS} spans x ${DOCS_PER_SPAN} documents in ${bodies.length} protobuf requests (${megabytes.toFixed(1)} MiB), concurrency ${CONCURRENCY}, ${cpus().length} cores, Node ${process.versions.node}`);
const results = [];
for (let r = 0; r < RUNS; r++) {
  const result = await run(bodies);
  results.push(result);
  console.log(`run ${r + 1}: ${result.spansPerSecond.toFixed(0)} spans/s stored (${result.seconds.toFixed(2)} s), request latency p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms; api CPU ${(SPANS / result.spansPerCpuSecond).toFixed(2)} s = ${result.spansPerCpuSecond.toFixed(0)} spans per CPU-second`);
}
const median = [...results].sort((a, b) => a.spansPerSecond - b.spansPerSecond)[Math.floor(results.length / 2)];
console.log(`median: ${median.spansPerSecond.toFixed(0)} spans/s, p99 ${median.p99.toFixed(0)} ms, ${median.spansPerCpuSecond.toFixed(0)} spans per api CPU-second; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
