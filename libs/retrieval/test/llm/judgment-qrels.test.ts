import { describe, expect, it } from 'vitest';
import { contextRelevance, judgmentsToQrels, type Judgment } from '../../src/llm';
import { evaluate, MetricsInputError } from '../../src/metrics';

const j = (query: string, docId: string, grade: Judgment['grade'], queryId?: string): Judgment => ({
  ...(queryId !== undefined ? { queryId } : {}),
  query,
  docId,
  grade,
  cached: false,
  ...(grade === null ? { error: 'no usable grade' } : {}),
});

describe('judgmentsToQrels', () => {
  it('files grades by queryId (or query text), leaving missing judgments out rather than 0', () => {
    const qrels = judgmentsToQrels([j('alpha', 'a', 3, 'q1'), j('alpha', 'b', 0, 'q1'), j('alpha', 'c', null, 'q1'), j('beta text', 'x', 2)]);
    expect(qrels).toEqual(
      new Map([
        ['q1', new Map([['a', 3], ['b', 0]])],
        ['beta text', new Map([['x', 2]])],
      ]),
    );
  });

  it('accepts repeated equal grades and rejects conflicting ones', () => {
    expect(judgmentsToQrels([j('q', 'a', 1), j('q', 'a', 1)]).get('q')?.get('a')).toBe(1);
    expect(() => judgmentsToQrels([j('q', 'a', 1), j('q', 'a', 2)])).toThrow(MetricsInputError);
  });

  it('feeds evaluate(): grade ≥ 1 counts as relevant, grades are nDCG gains', () => {
    const qrels = judgmentsToQrels([j('q', 'a', 0, 'q1'), j('q', 'b', 1, 'q1'), j('q', 'c', 3, 'q1')]);
    const run = new Map([['q1', [{ docid: 'a', score: 3 }, { docid: 'b', score: 2 }, { docid: 'c', score: 1 }]]]);
    const result = evaluate(qrels, run, { measures: ['P.3', 'num_rel', 'ndcg'] });
    expect(result.summary.get('P_3')).toBeCloseTo(2 / 3, 12);
    expect(result.summary.get('num_rel')).toBe(2);
    const dcg = 1 / Math.log2(3) + 3 / Math.log2(4);
    const ideal = 3 / Math.log2(2) + 1 / Math.log2(3);
    expect(result.summary.get('ndcg')).toBeCloseTo(dcg / ideal, 4);
  });
});

describe('contextRelevance', () => {
  it('is mean grade / 3 per query, macro-averaged overall, with missing items counted apart', () => {
    const result = contextRelevance([j('a', '1', 3, 'q1'), j('a', '2', 0, 'q1'), j('a', '3', null, 'q1'), j('b', '1', 2, 'q2'), j('c', '1', null, 'q3')]);
    expect(result.perQuery.get('q1')).toEqual({ score: 0.5, judged: 2, missing: 1 });
    expect(result.perQuery.get('q2')).toEqual({ score: 2 / 3, judged: 1, missing: 0 });
    expect(result.perQuery.get('q3')).toEqual({ score: null, judged: 0, missing: 1 });
    expect([...result.perQuery.keys()]).toEqual(['q1', 'q2', 'q3']);
    expect(result.overall.score).toBeCloseTo((0.5 + 2 / 3) / 2, 15);
    expect(result.overall.pooledScore).toBeCloseTo(5 / 9, 15);
    expect(result.overall).toMatchObject({ judged: 3, missing: 2, queries: 3 });
  });

  it('has no score when nothing was judged', () => {
    expect(contextRelevance([]).overall).toEqual({ score: null, pooledScore: null, judged: 0, missing: 0, queries: 0 });
  });
});
