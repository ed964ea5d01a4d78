import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, evaluate, readEvalSet, type Qrels, type RankedDoc, type Run } from '../../src';

/** shared/ lies beside the repository root, here and in CI. */
const DATA = resolve(__dirname, '../../../../../shared/data');

function vectors(dir: string, name: string): { ids: string[]; rows: Float32Array; dim: number } {
  const ids = readFileSync(join(dir, `${name}.ids`), 'utf8').split('\n').filter(Boolean);
  const bytes = readFileSync(join(dir, `${name}.f32`));
  const rows = new Float32Array(new Uint8Array(bytes).buffer);
  return { ids, rows, dim: rows.length / ids.length };
}

/** Exact search: dot products of the stored float32 vectors accumulated in float64, top `k` per query. */
function bruteForceRun(embeddings: string, k: number): Run {
  const docs = vectors(embeddings, 'docs');
  const queries = vectors(embeddings, 'queries');
  const run: Run = new Map();
  queries.ids.forEach((qid, q) => {
    const scored: RankedDoc[] = docs.ids.map((docid, d) => {
      let dot = 0;
      for (let i = 0, a = q * queries.dim, b = d * docs.dim; i < docs.dim; i++) dot += queries.rows[a + i] * docs.rows[b + i];
      return { docid, score: dot };
    });
    scored.sort((x, y) => y.score - x.score || compareCodePoints(y.docid, x.docid));
    run.set(qid, scored.slice(0, k));
  });
  return run;
}

function summary(qrels: Qrels, run: Run) {
  const evaluation = evaluate(qrels, run, { measures: ['P.10', 'recall.100', 'map', 'ndcg_cut.10', 'recip_rank', 'ndcg', 'Rprec', 'num_rel_ret', 'num_rel', 'num_q'] });
  return (name: string) => evaluation.summary.get(name)!;
}

describe.skipIf(!existsSync(DATA))('metrics of exact search on real collections (numbers from shared/data READMEs)', () => {
  it('Vaswani (binary qrels, TREC layout) at k = 1000', () => {
    const set = readEvalSet(join(DATA, 'vaswani'));
    expect(set.queries).toHaveLength(93);
    const m = summary(set.qrels, bruteForceRun(join(DATA, 'vaswani/embeddings'), 1000));
    expect(m('num_q')).toBe(93);
    expect(m('P_10').toFixed(4)).toBe('0.3634');
    expect(m('recall_100').toFixed(4)).toBe('0.6074');
    expect(m('map').toFixed(4)).toBe('0.2793');
    expect(m('ndcg_cut_10').toFixed(4)).toBe('0.4335');
    expect(m('recip_rank').toFixed(4)).toBe('0.6802');
    expect(m('ndcg').toFixed(4)).toBe('0.6075');
    expect(m('Rprec').toFixed(4)).toBe('0.2897');
    expect(m('num_rel_ret')).toBe(1961);
    expect(m('num_rel')).toBe(2083);
  });

  it('Cranfield (graded 0–4 qrels, BEIR layout, ties between identical documents) at k = 1000', () => {
    const set = readEvalSet(join(DATA, 'cranfield'));
    expect(set.queries).toHaveLength(225);
    const m = summary(set.qrels, bruteForceRun(join(DATA, 'cranfield/embeddings'), 1000));
    expect(m('P_10')).toBeCloseTo(0.246666667, 8);
    expect(m('recall_100')).toBeCloseTo(0.77244157, 8);
    expect(m('map')).toBeCloseTo(0.327239193, 8);
    expect(m('ndcg_cut_10')).toBeCloseTo(0.381669048, 8);
    expect(m('recip_rank')).toBeCloseTo(0.543392064, 8);
    expect(m('ndcg')).toBeCloseTo(0.544684481, 8);
    expect(m('Rprec').toFixed(4)).toBe('0.3160');
    expect(m('num_rel_ret')).toBe(1591);
    expect(m('num_rel')).toBe(1612);
  });
});
