/**
 * `npm run bench:metrics`: evaluates a synthetic run of 10,000 queries × 1,000 retrieved documents
 * (qrels: 100 judged per query, graded 0–3) with every implemented measure, five times, and prints
 * the median; then times a deliberately naive reference implementation (objects, Array.sort with a
 * string comparator per query, one pass per value) on the same input for comparison.
 * The npm script builds the library, compiles this file and runs it.
 */
import { cpus } from 'node:os';
import { evaluate, type Qrels, type RankedDoc, type Run } from '@ragscope/retrieval';

const QUERIES = Number(process.env.BENCH_QUERIES ?? 10_000);
const RETRIEVED = 1000;
const JUDGED = 100;
const REPEATS = 5;
const MEASURES = ['all_trec', 'ndcg_exp', 'ndcg_exp_cut'];

function syntheticCollection(): { qrels: Qrels; run: Run } {
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const qrels: Qrels = new Map();
  const run: Run = new Map();
  for (let q = 0; q < QUERIES; q++) {
    const qid = `q${q}`;
    const judged = new Map<string, number>();
    for (let j = 0; j < JUDGED; j++) judged.set(`d${Math.floor(random() * 5000)}`, Math.floor(random() * 4));
    qrels.set(qid, judged);
    const docs: RankedDoc[] = [];
    // Scores rounded to 3 decimals: many ties, as real runs have.
    for (let r = 0; r < RETRIEVED; r++) docs.push({ docid: `d${r * 5 + Math.floor(random() * 5)}`, score: Math.round((1 - r / RETRIEVED + random() * 0.01) * 1000) / 1000 });
    run.set(qid, docs);
  }
  return { qrels, run };
}

/** The obvious implementation, for comparison only: correct for P, recall, map, ndcg, but slow by construction. */
function naiveEvaluate(qrels: Qrels, run: Run): Map<string, number> {
  const sums = new Map<string, number>();
  const add = (name: string, value: number) => sums.set(name, (sums.get(name) ?? 0) + value);
  for (const [qid, judged] of qrels) {
    const docs = [...(run.get(qid) ?? [])].sort((a, b) => b.score - a.score || (a.docid < b.docid ? 1 : a.docid > b.docid ? -1 : 0));
    const rel = (d: RankedDoc) => judged.get(d.docid) ?? 0;
    const numRel = [...judged.values()].filter((g) => g >= 1).length;
    for (const k of [5, 10, 15, 20, 30, 100, 200, 500, 1000]) {
      const top = docs.slice(0, k);
      add(`P_${k}`, top.filter((d) => rel(d) >= 1).length / k);
      add(`recall_${k}`, numRel ? top.filter((d) => rel(d) >= 1).length / numRel : 0);
      const dcg = top.reduce((s, d, i) => s + Math.max(rel(d), 0) / Math.log2(i + 2), 0);
      const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, k).reduce((s, g, i) => s + Math.max(g, 0) / Math.log2(i + 2), 0);
      add(`ndcg_cut_${k}`, ideal ? dcg / ideal : 0);
    }
    let hits = 0;
    add('map', numRel ? docs.reduce((s, d, i) => (rel(d) >= 1 ? s + ++hits / (i + 1) : s), 0) / numRel : 0);
  }
  for (const [name, value] of sums) sums.set(name, value / qrels.size);
  return sums;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const { qrels, run } = syntheticCollection();
const ours: number[] = [];
let columns = 0;
let map = 0;
for (let i = 0; i < REPEATS; i++) {
  ours.push(
    time(() => {
      const evaluation = evaluate(qrels, run, { measures: MEASURES });
      columns = evaluation.columns.length;
      map = evaluation.summary.get('map')!;
    }),
  );
}
const naive: number[] = [];
let naiveMap = 0;
for (let i = 0; i < 3; i++) naive.push(time(() => (naiveMap = naiveEvaluate(qrels, run).get('map')!)));

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
console.log(`input: ${QUERIES} queries × ${RETRIEVED} retrieved, ${JUDGED} judged per query (grades 0–3), score ties`);
console.log(`ragscope evaluate(): ${columns} values per query (${MEASURES.join(', ')}), median of ${REPEATS}: ${median(ours).toFixed(2)} s  [runs: ${ours.map((t) => t.toFixed(2)).join(', ')}]`);
console.log(`naive reference (P, recall, ndcg_cut at 9 cut-offs + map), median of 3: ${median(naive).toFixed(2)} s`);
console.log(`map agrees: ${Math.abs(map - naiveMap) < 1e-12 ? 'yes' : `NO (${map} vs ${naiveMap})`}`);
