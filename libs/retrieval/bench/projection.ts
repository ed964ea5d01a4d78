/**
 * Embedding-map benchmark: `npm run bench:projection`.
 *
 * Seeded Gaussian mixtures (d = 384) at several sizes; for each size our pipeline
 * (buildEmbeddingMap: PCA → kNN → UMAP → HDBSCAN → labels) and, up to BENCH_UMAPJS_MAX points,
 * stock umap-js (`new UMAP({ nNeighbors: 15 }).fit(number[][])`). Every measurement runs in its
 * own child process so that peak RSS belongs to that run alone. Trustworthiness (k = 15) is
 * computed by the same code for both, against the raw 384-d data, on the same seeded sample.
 *
 * Environment: BENCH_SIZES (default 5000,20000,100000), BENCH_DIMS (384), BENCH_RUNS (runs per
 * size and thread count for ours, default 3; 1 at ≥ 50k unless BENCH_RUNS_LARGE), BENCH_THREADS
 * (thread counts to measure ours with, default 1,2), BENCH_UMAPJS_MAX (20000),
 * BENCH_TRUST_SAMPLE (2000), BENCH_OUT (JSON results file).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { UMAP } from 'umap-js';
import { buildEmbeddingMap } from '../src/projection/embedding-map';
import { SeededRandom } from '../src/projection/random';
import { sampledTrustworthiness } from '../src/projection/trustworthiness';
import { adjustedRandIndex } from '../test/clustering/adjusted-rand-index';
import { gaussianMixture } from './projection-data';

interface Job {
  implementation: 'ragscope' | 'umap-js';
  size: number;
  dims: number;
  clusters: number;
  seed: number;
  trustSample: number;
  /** ragscope only: 1 = one thread, 2 = helper thread for the UMAP epochs. */
  threads: number;
}

interface Measurement extends Job {
  seconds: number;
  cpuSeconds: number;
  stages: Record<string, number>;
  trustworthiness: number;
  ari: number | null;
  foundClusters: number | null;
  noiseFraction: number | null;
  peakRssMb: number;
  labelsSample: string[];
  loadAverage: number;
}

const env = (name: string, fallback: string) => process.env[name] ?? fallback;

async function runJob(job: Job): Promise<Measurement> {
  const data = gaussianMixture(job.size, job.dims, job.clusters, job.seed);
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let coordinates: Float32Array;
  let stages: Record<string, number>;
  let ari: number | null = null;
  let foundClusters: number | null = null;
  let noiseFraction: number | null = null;
  let labelsSample: string[] = [];
  if (job.implementation === 'ragscope') {
    const map = await buildEmbeddingMap(data.vectors, job.dims, { metric: 'euclidean', texts: data.texts, seed: job.seed, threads: job.threads });
    coordinates = map.coordinates;
    stages = Object.fromEntries(Object.entries(map.timings).map(([stage, ms]) => [stage, ms / 1000]));
    ari = adjustedRandIndex(data.labels, map.clusters);
    foundClusters = map.clusterSizes.length;
    noiseFraction = map.clusters.filter((c) => c < 0).length / job.size;
    labelsSample = map.labels.slice(0, 3).map((label) => label.label);
  } else {
    const rows: number[][] = [];
    for (let i = 0; i < job.size; i++) rows.push(Array.from(data.vectors.subarray(i * job.dims, (i + 1) * job.dims)));
    const random = new SeededRandom(job.seed);
    const fitStart = performance.now();
    const embedding = new UMAP({ nNeighbors: 15, nComponents: 2, random: () => random.nextFloat() }).fit(rows);
    stages = { fit: (performance.now() - fitStart) / 1000 };
    coordinates = Float32Array.from(embedding.flat());
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const trust = sampledTrustworthiness(data.vectors, job.dims, coordinates, 2, { k: 15, sampleSize: job.trustSample, seed: 7, metric: 'euclidean' });
  return {
    ...job,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    stages,
    trustworthiness: trust.value,
    ari,
    foundClusters,
    noiseFraction,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    labelsSample,
    loadAverage: 0,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runInChild(job: Job): Measurement {
  const before = loadavg()[0];
  const output = execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, 'child', JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const measurement = JSON.parse(output.trim().split('\n').pop()!) as Measurement;
  measurement.loadAverage = Math.max(before, loadavg()[0]);
  return measurement;
}

async function main() {
  if (process.argv[2] === 'child') {
    process.stdout.write(JSON.stringify(await runJob(JSON.parse(process.argv[3]) as Job)) + '\n');
    return;
  }
  const sizes = env('BENCH_SIZES', '5000,20000,100000').split(',').map(Number);
  const dims = Number(env('BENCH_DIMS', '384'));
  const umapJsMax = Number(env('BENCH_UMAPJS_MAX', '20000'));
  const trustSample = Number(env('BENCH_TRUST_SAMPLE', '2000'));
  const results: Measurement[] = [];
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  for (const size of sizes) {
    const clusters = size <= 5000 ? 10 : size <= 20000 ? 20 : 50;
    const runs = Number(size >= 50000 ? env('BENCH_RUNS_LARGE', '1') : env('BENCH_RUNS', '3'));
    const threadCounts = env('BENCH_THREADS', '1,2').split(',').map(Number);
    const ours = new Map<number, Measurement[]>();
    for (const threads of threadCounts) {
      ours.set(threads, []);
      for (let run = 0; run < runs; run++) {
        const m = runInChild({ implementation: 'ragscope', size, dims, clusters, seed: 1 + run, trustSample, threads });
        console.log(
          `ragscope n=${size} threads=${threads} run ${run + 1}/${runs}: ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(1)} s) stages ${JSON.stringify(roundAll(m.stages))} ` +
            `T=${m.trustworthiness.toFixed(4)} ARI=${m.ari?.toFixed(3)} clusters=${m.foundClusters} noise=${((m.noiseFraction ?? 0) * 100).toFixed(1)}% ` +
            `rss=${m.peakRssMb.toFixed(0)} MB load=${m.loadAverage.toFixed(1)} labels=${m.labelsSample.join(' | ')}`,
        );
        ours.get(threads)!.push(m);
        results.push(m);
      }
    }
    let baseline: Measurement | null = null;
    if (size <= umapJsMax) {
      baseline = runInChild({ implementation: 'umap-js', size, dims, clusters, seed: 1, trustSample, threads: 1 });
      console.log(`umap-js  n=${size}: ${baseline.seconds.toFixed(2)} s (cpu ${baseline.cpuSeconds.toFixed(1)} s) T=${baseline.trustworthiness.toFixed(4)} rss=${baseline.peakRssMb.toFixed(0)} MB load=${baseline.loadAverage.toFixed(1)}`);
      results.push(baseline);
    }
    for (const [threads, measurements] of ours) {
      const seconds = median(measurements.map((m) => m.seconds));
      const cpuSeconds = median(measurements.map((m) => m.cpuSeconds));
      const trust = median(measurements.map((m) => m.trustworthiness));
      const summary = [
        `n=${size} threads=${threads}: ragscope median ${seconds.toFixed(2)} s (cpu ${cpuSeconds.toFixed(1)} s) over ${measurements.length} run(s), T=${trust.toFixed(4)}, peak RSS ${Math.max(...measurements.map((m) => m.peakRssMb)).toFixed(0)} MB`,
        baseline
          ? `umap-js ${baseline.seconds.toFixed(1)} s (cpu ${baseline.cpuSeconds.toFixed(1)} s), T=${baseline.trustworthiness.toFixed(4)} → speed-up ${(baseline.seconds / seconds).toFixed(1)}× wall, ${(baseline.cpuSeconds / cpuSeconds).toFixed(1)}× cpu, ΔT=${(trust - baseline.trustworthiness).toFixed(4)}`
          : 'umap-js not run',
      ];
      console.log(summary.join('; '));
    }
  }
  const out = env('BENCH_OUT', 'node_modules/.cache/projection-bench/results.json');
  writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`results: ${out}`);
}

function roundAll(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, Math.round(value * 100) / 100]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
