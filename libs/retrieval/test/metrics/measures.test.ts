import { describe, expect, it } from 'vitest';
import { evaluate, MetricsInputError, MIN_GEO_MEAN } from '../../src';
import { qrelsOf, runOf } from './helpers';

/*
 * q1: judged d1:1 d2:0 d3:1 d4:2 d5:1 (d5 never retrieved) → 4 relevant.
 * Run ranks by score, ties by docid descending: d3 (.9), dX (.8, unjudged) before d2 (.8),
 * d4 (.5) before d1 (.5) → grades [1, –, 0, 2, 1]; relevant at ranks 1, 4, 5.
 * q2: two judged non-relevant documents, one retrieved. q3: judged, absent from the run.
 * q4: retrieved, never judged (ignored).
 */
const qrels = qrelsOf({
  q1: { d1: 1, d2: 0, d3: 1, d4: 2, d5: 1 },
  q2: { e1: 0, e2: 0 },
  q3: { f1: 1 },
});
const run = runOf({
  q1: [['d1', 0.5], ['d2', 0.8], ['d3', 0.9], ['d4', 0.5], ['dX', 0.8]],
  q2: [['e1', 0.3]],
  q4: [['g1', 1]],
});
const measures = ['all_trec', 'P.1,2,5,10', 'recall.2,5,10', 'map_cut.2,4', 'ndcg_cut.3', 'success.1,2', 'ndcg_exp', 'ndcg_exp_cut.3'];
const log2 = Math.log2;

function valuesOf(qid: string, complete = false) {
  const evaluation = evaluate(qrels, run, { measures, complete });
  const q = evaluation.queryIds.indexOf(qid);
  return (name: string) => evaluation.values.get(name)![q];
}

describe('trec_eval measures, hand-computed', () => {
  const v = valuesOf('q1');

  it('counts', () => {
    expect([v('num_ret'), v('num_rel'), v('num_rel_ret')]).toEqual([5, 4, 3]);
  });

  it('precision divides by k, also past the end of the run', () => {
    expect([v('P_1'), v('P_2'), v('P_5'), v('P_10')]).toEqual([1, 0.5, 0.6, 0.3]);
  });

  it('recall divides by all relevant in the qrels, including never-retrieved d5', () => {
    expect([v('recall_2'), v('recall_5'), v('recall_10')]).toEqual([0.25, 0.75, 0.75]);
  });

  it('success, reciprocal rank', () => {
    expect([v('success_1'), v('success_2'), v('recip_rank')]).toEqual([1, 1, 1]);
  });

  it('average precision divides by all relevant (4), not by relevant retrieved (3)', () => {
    expect(v('map')).toBeCloseTo((1 / 1 + 2 / 4 + 3 / 5) / 4, 15);
    expect(v('map_cut_2')).toBeCloseTo(1 / 4, 15);
    expect(v('map_cut_4')).toBeCloseTo((1 + 2 / 4) / 4, 15);
  });

  it('R-precision looks at the top R = 4', () => {
    expect(v('Rprec')).toBe(2 / 4);
  });

  it('bpref counts judged non-relevant documents above each relevant one; unjudged dX is skipped', () => {
    expect(v('bpref')).toBe(1 / 4);
  });

  it('ndcg uses grade as gain and an ideal list of every judged document, retrieved or not', () => {
    const dcg = 1 / log2(2) + 2 / log2(5) + 1 / log2(6);
    const ideal = 2 / log2(2) + 1 / log2(3) + 1 / log2(4) + 1 / log2(5);
    expect(v('ndcg')).toBeCloseTo(dcg / ideal, 15);
    expect(v('ndcg_cut_3')).toBeCloseTo(1 / (2 + 1 / log2(3) + 1 / log2(4)), 15);
  });

  it('ndcg_exp uses 2^grade − 1', () => {
    const dcg = 1 + 3 / log2(5) + 1 / log2(6);
    const ideal = 3 + 1 / log2(3) + 1 / log2(4) + 1 / log2(5);
    expect(v('ndcg_exp')).toBeCloseTo(dcg / ideal, 15);
    expect(v('ndcg_exp_cut_3')).toBeCloseTo(1 / (3 + 1 / log2(3) + 1 / log2(4)), 15);
  });

  it('interpolated precision at recall levels rounds x·R half away from zero', () => {
    const levels = ['0.00', '0.10', '0.20', '0.30', '0.40', '0.50', '0.60', '0.70', '0.80', '0.90', '1.00'];
    expect(levels.map((l) => v(`iprec_at_recall_${l}`))).toEqual([1, 1, 1, 1, 0.6, 0.6, 0.6, 0.6, 0.6, 0, 0]);
  });
});

describe('queries without relevant documents, missing queries, empty rankings', () => {
  it('a query whose judgments are all non-relevant scores 0 everywhere', () => {
    const v = valuesOf('q2');
    for (const name of ['map', 'P_5', 'recall_5', 'ndcg', 'ndcg_cut_3', 'Rprec', 'bpref', 'recip_rank', 'iprec_at_recall_0.00']) expect(v(name)).toBe(0);
    expect(v('num_rel')).toBe(0);
    expect(v('num_ret')).toBe(1);
  });

  it('without -c, the mean is over queries in both run and qrels; q4 (no qrels) never counts', () => {
    const evaluation = evaluate(qrels, run, { measures, complete: false });
    expect(evaluation.queryIds).toEqual(['q1', 'q2']);
    expect(evaluation.missingQueryIds).toEqual(['q3']);
    expect(evaluation.summary.get('map')).toBeCloseTo(0.525 / 2, 15);
    expect(evaluation.summary.get('num_rel')).toBe(4);
    expect(evaluation.summary.get('num_q')).toBe(2);
  });

  it('with -c, a query missing from the run scores 0 but keeps its num_rel, and counts in the mean', () => {
    const evaluation = evaluate(qrels, run, { measures, complete: true });
    expect(evaluation.queryIds).toEqual(['q1', 'q2', 'q3']);
    expect(evaluation.values.get('map')![2]).toBe(0);
    expect(evaluation.values.get('num_rel')![2]).toBe(1);
    expect(evaluation.values.get('num_ret')![2]).toBe(0);
    expect(evaluation.summary.get('map')).toBeCloseTo(0.525 / 3, 15);
    expect(evaluation.summary.get('num_rel')).toBe(5);
    expect(evaluation.summary.get('gm_map')).toBeCloseTo(Math.exp((Math.log(0.525) + 2 * Math.log(MIN_GEO_MEAN)) / 3), 15);
  });

  it('complete is the library default (our reports); trec_eval’s default is the CLI’s', () => {
    expect(evaluate(qrels, run, { measures }).queryIds).toEqual(['q1', 'q2', 'q3']);
  });

  it('an empty ranking scores 0', () => {
    const evaluation = evaluate(qrelsOf({ a: { x: 1 } }), runOf({ a: [] }), { measures: ['all_trec'] });
    for (const column of evaluation.columns) {
      if (column.name !== 'num_rel') expect(evaluation.values.get(column.name)![0]).toBe(0);
    }
  });
});

describe('ranking rules', () => {
  it('breaks score ties by docid in descending strcmp order ("9" before "10"), ignoring input order', () => {
    const q = qrelsOf({ a: { '9': 1, '10': 0 } });
    for (const docs of [[['10', 1], ['9', 1]], [['9', 1], ['10', 1]]] as [string, number][][]) {
      const evaluation = evaluate(q, runOf({ a: docs }), { measures: ['P.1'] });
      expect(evaluation.values.get('P_1')![0]).toBe(1);
    }
  });

  it('orders ties by code point, like strcmp on UTF-8 (U+1F600 after U+FFFD)', () => {
    const q = qrelsOf({ a: { '\u{1F600}': 1, '\uFFFD': 0 } });
    const evaluation = evaluate(q, runOf({ a: [['\uFFFD', 1], ['\u{1F600}', 1]] }), { measures: ['P.1'] });
    expect(evaluation.values.get('P_1')![0]).toBe(1);
  });

  it('-M keeps the top documents after ranking', () => {
    const evaluation = evaluate(qrels, run, { measures: ['map', 'P.5', 'num_ret'], complete: false, maxDocsPerTopic: 2 });
    expect(evaluation.values.get('num_ret')![0]).toBe(2);
    expect(evaluation.values.get('P_5')![0]).toBe(1 / 5);
    expect(evaluation.values.get('map')![0]).toBe(1 / 4);
  });

  it('-l 2 makes only grade ≥ 2 relevant, while ndcg still gains from grade 1', () => {
    const evaluation = evaluate(qrels, run, { measures: ['num_rel', 'P.5', 'ndcg'], complete: false, relevanceLevel: 2 });
    expect(evaluation.values.get('num_rel')![0]).toBe(1);
    expect(evaluation.values.get('P_5')![0]).toBe(1 / 5);
    expect(evaluation.values.get('ndcg')![0]).toBeCloseTo(valuesOf('q1')('ndcg'), 15);
  });

  it('rejects a document retrieved twice for a query, and non-finite scores', () => {
    expect(() => evaluate(qrels, runOf({ q1: [['d1', 1], ['d1', 0.5]] }))).toThrow(MetricsInputError);
    expect(() => evaluate(qrels, runOf({ q1: [['d1', Number.NaN]] }))).toThrow(/score NaN/);
  });
});

describe('measure requests', () => {
  it('follows trec_eval order and naming; first parameters win; cut-offs sorted', () => {
    const evaluation = evaluate(qrels, run, { measures: ['success.10,1', 'P.20,5', 'P.7', 'map', 'num_q'] });
    expect(evaluation.columns.map((c) => c.name)).toEqual(['map', 'P_5', 'P_20', 'success_1', 'success_10']);
  });

  it('rejects unknown measures, empty, duplicate and non-positive cut-offs', () => {
    expect(() => evaluate(qrels, run, { measures: ['mrr'] })).toThrow(/illegal measure/);
    expect(() => evaluate(qrels, run, { measures: ['P.'] })).toThrow(/improper/);
    expect(() => evaluate(qrels, run, { measures: ['P.5,5'] })).toThrow(/duplicate/);
    expect(() => evaluate(qrels, run, { measures: ['P.0'] })).toThrow(/positive/);
  });
});
