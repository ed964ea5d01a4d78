import { describe, expect, it } from 'vitest';
import { bootstrapEvaluation, bootstrapMean, compareEvaluations, evaluate, pairedTTest, quantile } from '../../src';
import { qrelsOf, runOf } from './helpers';

describe('bootstrap confidence intervals', () => {
  it('are reproducible for a seed, bracket the mean, and degenerate for constant data', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i % 5) / 4);
    const a = bootstrapMean(values, { seed: 7 });
    expect(bootstrapMean(values, { seed: 7 })).toEqual(a);
    expect(a.estimate).toBeCloseTo(0.5, 12);
    expect(a.lower).toBeLessThan(0.5);
    expect(a.upper).toBeGreaterThan(0.5);
    // Standard error of the mean is 0.354/√50 ≈ 0.05, so the 95% interval is about ±0.1.
    expect(a.upper - a.lower).toBeGreaterThan(0.15);
    expect(a.upper - a.lower).toBeLessThan(0.25);
    expect(bootstrapMean([0.3, 0.3, 0.3])).toEqual({ estimate: 0.3, lower: 0.3, upper: 0.3 });
  });

  it('uses type-7 quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
  });

  it('cover every averaged column of an evaluation, none of the summed counts', () => {
    const qrels = qrelsOf({ a: { x: 1 }, b: { y: 1 }, c: { z: 1 } });
    const run = runOf({ a: [['x', 1]], b: [['n', 2], ['y', 1]], c: [['n', 1]] });
    const intervals = bootstrapEvaluation(evaluate(qrels, run, { measures: ['map', 'gm_map', 'num_ret'] }));
    expect([...intervals.keys()]).toEqual(['map', 'gm_map']);
    expect(intervals.get('map')!.estimate).toBeCloseTo(0.5, 12);
    expect(intervals.get('map')!.lower).toBeGreaterThanOrEqual(0);
    expect(intervals.get('map')!.upper).toBeLessThanOrEqual(1);
  });
});

describe('paired comparisons', () => {
  it('t-test matches a hand computation', () => {
    const { t, p } = pairedTTest([1, 2, 3, 6]);
    // mean 3, sd √(14/3) = 2.1602, t = 3 / (2.1602 / 2) = 2.7775, df 3 → two-sided p = 0.0691
    expect(t).toBeCloseTo(2.7775, 4);
    expect(p).toBeCloseTo(0.0691, 3);
    expect(pairedTTest([0, 0, 0])).toEqual({ t: 0, p: 1 });
  });

  it('randomization test: identical runs p = 1; a consistently better run has a small p', () => {
    const judged: Record<string, Record<string, number>> = {};
    const better: Record<string, [string, number][]> = {};
    const worse: Record<string, [string, number][]> = {};
    for (let q = 0; q < 20; q++) {
      judged[`q${q}`] = { rel: 1 };
      better[`q${q}`] = [['rel', 2], ['junk', 1]];
      worse[`q${q}`] = q % 10 === 0 ? [['rel', 2], ['junk', 1]] : [['junk', 2], ['rel', 1]];
    }
    const qrels = qrelsOf(judged);
    const a = evaluate(qrels, runOf(worse), { measures: ['recip_rank', 'P.1'] });
    const b = evaluate(qrels, runOf(better), { measures: ['recip_rank', 'P.1'] });
    const same = compareEvaluations(a, a, { permutations: 2000 });
    expect(same.every((c) => c.randomizationP === 1 && c.difference === 0)).toBe(true);
    const [rr] = compareEvaluations(a, b, { permutations: 5000, seed: 3 });
    expect(rr.measure).toBe('recip_rank');
    // 18 queries move from reciprocal rank ½ to 1.
    expect(rr.difference).toBeCloseTo(0.45, 12);
    // 18 of 20 queries differ, all in B's favour: exact two-sided p = 2 / 2^18.
    expect(rr.randomizationP).toBeLessThan(0.001);
    expect(rr.tTestP).toBeLessThan(1e-6);
  });

  it('refuses evaluations over different queries', () => {
    const a = evaluate(qrelsOf({ q: { d: 1 } }), runOf({ q: [['d', 1]] }));
    const b = evaluate(qrelsOf({ r: { d: 1 } }), runOf({ r: [['d', 1]] }));
    expect(() => compareEvaluations(a, b)).toThrow(/same queries/);
  });
});
