/**
 * Export benchmark: how fast MilvusStore.stream reads a collection out of Milvus Lite, against
 * the plainest loop over the raw SDK with the same batch size, and how much memory it takes.
 *
 *   npm run bench:export                              # N = 100,000 × 384-d
 *   RAGSCOPE_BENCH_N=5000 npm run bench:export        # a quick run
 *
 * Environment: RAGSCOPE_BENCH_N (points), RAGSCOPE_BENCH_DIM (384), RAGSCOPE_BENCH_BATCH (1000),
 * RAGSCOPE_BENCH_RUNS (3 per reader, alternating which goes first).
 *
 * Each timed run is a fresh child process, so its peak RSS growth (peak minus the RSS right
 * before the first page is asked for) belongs to that reader alone and not to an earlier run's
 * heap. The parent starts Milvus Lite, loads the data, runs the children and always stops Milvus.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { startMilvusLite, type MilvusLiteServer } from '../../services/src';
import { MilvusStore } from '../src/connectors/milvus';
import { seededRandom } from '../src/connectors/shared';

type Reader = 'ours' | 'raw';

interface RunResult {
  reader: Reader;
  vectors: number;
  seconds: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  /** ArrayBuffer bytes (gRPC frames and messages, batches) at the RSS peak, minus before */
  arrayBuffersAtPeakBytes: number;
  /** V8 heap still in use after the stream and a full GC, minus before: what the reader kept */
  heapRetainedBytes: number;
  checksum: number;
}

const COLLECTION = 'bench_export';
// Milvus Lite refuses gRPC messages much above 4 MiB (RESOURCE_EXHAUSTED): 2,000 × 384 floats is 3 MiB
const INSERT_CHUNK = 2_000;

function settings() {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    n: number('RAGSCOPE_BENCH_N', 100_000),
    dim: number('RAGSCOPE_BENCH_DIM', 384),
    batch: number('RAGSCOPE_BENCH_BATCH', 1_000),
    runs: number('RAGSCOPE_BENCH_RUNS', 3),
  };
}

function ok(status: { error_code?: string | number; code?: number | string; reason?: string }, what: string): void {
  if ((status.error_code !== undefined && status.error_code !== 'Success') || Number(status.code ?? 0) !== 0) throw new Error(`${what}: ${status.reason}`);
}

async function load(address: string, n: number, dim: number): Promise<number> {
  const client = new MilvusClient({ address, logLevel: 'warn', timeout: 120_000 });
  const started = performance.now();
  try {
    ok(
      await client.createCollection({
        collection_name: COLLECTION,
        fields: [
          { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
          { name: 'vector', data_type: DataType.FloatVector, dim },
        ],
      }),
      'create collection',
    );
    const random = seededRandom(2024);
    for (let start = 0; start < n; start += INSERT_CHUNK) {
      const rows = [];
      for (let i = start; i < Math.min(n, start + INSERT_CHUNK); i++) {
        const vector = new Array<number>(dim);
        for (let j = 0; j < dim; j++) vector[j] = Math.fround(random() * 2 - 1);
        rows.push({ id: String(i), vector });
      }
      ok((await client.insert({ collection_name: COLLECTION, data: rows })).status, 'insert');
    }
    console.log(`inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    ok(await client.createIndex({ collection_name: COLLECTION, field_name: 'vector', index_type: 'FLAT', metric_type: 'COSINE' }), 'create index');
    ok(await client.loadCollection({ collection_name: COLLECTION }), 'load collection');
    return (performance.now() - started) / 1000;
  } finally {
    await client.closeConnection();
  }
}

/**
 * Peak RSS, sampled every 5 ms and after every batch, and the ArrayBuffer bytes at that peak.
 * With gcEachBatch, a full GC follows each batch's sample: the growth left is what the reader
 * holds alive, without the garbage V8 lets pile up before it collects.
 */
function rssWatch(gcEachBatch: boolean) {
  const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
  let peak = 0;
  let arrayBuffersAtPeak = arrayBuffersBefore;
  const take = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peak) {
      peak = usage.rss;
      arrayBuffersAtPeak = usage.arrayBuffers;
    }
  };
  take();
  const timer = setInterval(take, 5);
  return {
    sample: () => {
      take();
      if (gcEachBatch) global.gc?.();
    },
    stop: () => {
      clearInterval(timer);
      take();
      return { rssPeakBytes: peak, arrayBuffersAtPeakBytes: arrayBuffersAtPeak - arrayBuffersBefore };
    },
  };
}

/** Times one full read and watches its memory; `read` reports each batch (its vectors and its part of the checksum). */
async function measure(reader: Reader, gcEachBatch: boolean, read: (batchDone: (vectors: number, checksum: number) => void) => Promise<void>): Promise<RunResult> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBeforeBytes = process.memoryUsage.rss();
  const watch = rssWatch(gcEachBatch);
  const started = performance.now();
  let vectors = 0;
  let checksum = 0;
  await read((count, sum) => {
    vectors += count;
    checksum += sum;
    watch.sample();
  });
  const seconds = (performance.now() - started) / 1000;
  const peak = watch.stop();
  global.gc?.();
  return { reader, vectors, seconds, rssBeforeBytes, ...peak, heapRetainedBytes: process.memoryUsage().heapUsed - heapBefore, checksum };
}

/** The reader under test: our connector. The consumer touches one number per vector, like the baseline. */
async function readOurs(address: string, dim: number, batch: number, gcEachBatch: boolean): Promise<RunResult> {
  const store = new MilvusStore({ kind: 'milvus', url: address, timeoutMs: 120_000 });
  try {
    // warm up outside the measured part: connection, schema, load state, and one page through every code path
    for await (const page of store.stream(COLLECTION, { batchSize: batch, limit: batch, withPayload: false })) void page;
    return await measure('ours', gcEachBatch, async (batchDone) => {
      for await (const page of store.stream(COLLECTION, { batchSize: batch, withPayload: false })) {
        let sum = 0;
        for (let i = 0; i < page.ids.length; i++) sum += page.vectors[i * dim];
        batchDone(page.ids.length, sum);
      }
    });
  } finally {
    await store.close();
  }
}

/** The baseline: the plainest key-paged loop over the raw SDK's query(), same batch size. */
async function readRaw(address: string, _dim: number, batch: number, gcEachBatch: boolean): Promise<RunResult> {
  const client = new MilvusClient({ address, logLevel: 'warn', timeout: 120_000 });
  try {
    await client.connectPromise;
    // warm up outside the measured part, as for ours: one page through every code path
    ok((await client.query({ collection_name: COLLECTION, filter: '', output_fields: ['id', 'vector'], limit: batch })).status, 'warm-up query');
    return await measure('raw', gcEachBatch, async (batchDone) => {
      let last: string | undefined;
      for (;;) {
        const reply = await client.query({ collection_name: COLLECTION, filter: last === undefined ? '' : `id > ${last}`, output_fields: ['id', 'vector'], limit: batch });
        ok(reply.status, 'query');
        let sum = 0;
        for (const row of reply.data) sum += (row.vector as number[])[0];
        batchDone(reply.data.length, sum);
        if (reply.data.length < batch) return;
        last = String(reply.data[reply.data.length - 1].id);
      }
    });
  } finally {
    await client.closeConnection();
  }
}

function runChild(reader: Reader, address: string, gcEachBatch = false): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', reader, address, ...(gcEachBatch ? ['--gc-each-batch'] : [])], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: RunResult | undefined;
    child.on('message', (message) => {
      result = message as RunResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${reader} run exited with code ${code}`))));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const { n, dim, batch, runs } = settings();
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-bench-export-'));
  let server: MilvusLiteServer | undefined;
  const stop = async () => {
    await server?.stop();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const loadBefore = loadavg()[0];
    server = await startMilvusLite({ dataDir });
    console.log(`Milvus Lite at ${server.address}; loading ${n.toLocaleString('en')} × ${dim}-d float32 (FLAT, COSINE)…`);
    const loadSeconds = await load(server.address, n, dim);
    console.log(`loaded in ${loadSeconds.toFixed(1)} s`);

    const results: RunResult[] = [];
    for (let round = 0; round < runs; round++) {
      const order: Reader[] = round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
      for (const reader of order) {
        const result = await runChild(reader, server.address);
        if (result.vectors !== n) throw new Error(`${reader} read ${result.vectors} vectors, expected ${n}`);
        results.push(result);
        console.log(
          `round ${round + 1} ${reader.padEnd(4)} ${(result.vectors / result.seconds).toFixed(0).padStart(7)} vectors/s  ` +
            `${result.seconds.toFixed(2)} s  RSS +${mib(result.rssPeakBytes - result.rssBeforeBytes)} MiB  ` +
            `(ArrayBuffers +${mib(result.arrayBuffersAtPeakBytes)} MiB at the peak)  retained ${mib(result.heapRetainedBytes)} MiB`,
        );
      }
    }
    // untimed: one more run per reader with a full GC after each batch, for the memory it holds alive
    const settled = new Map<Reader, RunResult>();
    for (const reader of ['ours', 'raw'] as const) {
      const result = await runChild(reader, server.address, true);
      if (result.vectors !== n) throw new Error(`${reader} read ${result.vectors} vectors, expected ${n}`);
      settled.set(reader, result);
      console.log(`GC after each batch: ${reader.padEnd(4)} RSS +${mib(result.rssPeakBytes - result.rssBeforeBytes)} MiB`);
    }
    const checksums = new Set([...results, ...settled.values()].map((result) => result.checksum.toFixed(3)));
    if (checksums.size !== 1) throw new Error(`the readers disagree on the data: checksums ${[...checksums].join(', ')}`);

    const summary = (reader: Reader) => {
      const mine = results.filter((result) => result.reader === reader);
      return {
        rate: median(mine.map((result) => result.vectors / result.seconds)),
        growth: median(mine.map((result) => result.rssPeakBytes - result.rssBeforeBytes)),
        maxGrowth: Math.max(...mine.map((result) => result.rssPeakBytes - result.rssBeforeBytes)),
        retained: median(mine.map((result) => result.heapRetainedBytes)),
        arrayBuffers: median(mine.map((result) => result.arrayBuffersAtPeakBytes)),
        settled: (settled.get(reader)?.rssPeakBytes ?? 0) - (settled.get(reader)?.rssBeforeBytes ?? 0),
      };
    };
    const ours = summary('ours');
    const raw = summary('raw');
    const window = batch * dim * 4;
    const loadAfter = loadavg()[0];
    console.log('\n## results');
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
    console.log(`inputs: N = ${n}, d = ${dim}, batch = ${batch}, ${runs} runs per reader (alternating), Milvus Lite 2.5.1, FLAT/COSINE, int64 keys`);
    console.log(
      `| reader | vectors/s (median) | peak RSS growth (median, max) | growth / batch window (${mib(window)} MiB) | ArrayBuffers at the peak (median) | peak RSS growth, GC after each batch | heap retained after GC (median) |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, stats] of [['MilvusStore.stream', ours], ['raw SDK query loop', raw]] as const) {
      console.log(
        `| ${name} | ${stats.rate.toFixed(0)} | ${mib(stats.growth)} MiB, ${mib(stats.maxGrowth)} MiB | ${(stats.growth / window).toFixed(1)}× | ` +
          `${mib(stats.arrayBuffers)} MiB | ${mib(stats.settled)} MiB (${(stats.settled / window).toFixed(1)}×) | ${mib(stats.retained)} MiB |`,
      );
    }
    console.log(`ratio ours / raw: ${(ours.rate / raw.rate).toFixed(2)}× (goal ≥ 0.9×)`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
  }
}

async function child(reader: Reader, address: string, gcEachBatch: boolean): Promise<void> {
  const { dim, batch } = settings();
  const result = reader === 'ours' ? await readOurs(address, dim, batch, gcEachBatch) : await readRaw(address, dim, batch, gcEachBatch);
  await new Promise<void>((resolve, reject) => process.send?.(result, (error: Error | null) => (error ? reject(error) : resolve())));
}

const [mode, reader, address, gcFlag] = process.argv.slice(2);
const running = mode === '--child' ? child(reader as Reader, address, gcFlag === '--gc-each-batch') : main();
running.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
