import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, formatTrecEval, parseTrecQrels, parseTrecRun, summarizeJudgments, judgeRanking } from '../../src';
import { interpolatedPrecisionAtRecall } from '../../src/metrics/measures/interpolated-precision';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const qrels = parseTrecQrels(fixture('qrels-302.test'));
const { run, runId } = parseTrecRun(fixture('results-302.test'));

/** The lines trec_eval 10's lround changes relative to the (trec_eval 9 era) published outputs. */
const ROUNDING_CHANGED = new Set(['iprec_at_recall_0.60', 'iprec_at_recall_0.25']);

function compareWithPublished(ours: string, published: string): void {
  const ourLines = ours.trimEnd().split('\n');
  const theirLines = published.trimEnd().split('\n');
  expect(ourLines.map((l) => l.split('\t')[0])).toEqual(theirLines.map((l) => l.split('\t')[0]));
  ourLines.forEach((line, i) => {
    if (!ROUNDING_CHANGED.has(line.split('\t')[0].trim())) expect(line).toBe(theirLines[i]);
  });
}

describe("trec_eval's published test outputs for topic 302", () => {
  it('reads the run tag and every line', () => {
    expect(runId).toBe('STANDARD');
    expect(run.get('302')).toHaveLength(500);
    expect(qrels.get('302')!.size).toBe(1061);
  });

  it('reproduces `trec_eval -m all_trec -q` byte for byte for the measures implemented', () => {
    const evaluation = evaluate(qrels, run, { measures: ['all_trec'], complete: false, runId });
    compareWithPublished(formatTrecEval(evaluation, { perQuery: true, summary: false }), fixture('out.test.aq.302'));
  });

  it('reproduces the measure-parameter test (`-m P.5,7,3 -m ndcg_cut.10,20,23.4 …`)', () => {
    const measures = ['iprec_at_recall..10,.20,.25,.75,.50', 'P.5,7,3', 'recall.20,2000', 'ndcg_cut.10,20,23.4', 'success.2,5,20'];
    const evaluation = evaluate(qrels, run, { measures, complete: false });
    compareWithPublished(formatTrecEval(evaluation, { perQuery: true, summary: false }), fixture('out.test.meas_params.302'));
  });

  it('the two differing iprec lines are exactly the trec_eval 9 rounding, and lround gives ours', () => {
    const judgments = summarizeJudgments(qrels.get('302')!, 1);
    const ranking = judgeRanking('302', run.get('302')!, judgments, 1, Infinity);
    const trec9 = new Float64Array(2);
    const trec10 = new Float64Array(2);
    interpolatedPrecisionAtRecall(ranking, [0.25, 0.6], trec9, 0, 'trec9');
    interpolatedPrecisionAtRecall(ranking, [0.25, 0.6], trec10, 0);
    expect([...trec9].map((x) => x.toFixed(4))).toEqual(['0.7500', '0.1420']);
    // lround(0.25·77) = 19 and lround(0.6·77) = 46 relevant documents instead of 20 and 47.
    expect([...trec10].map((x) => x.toFixed(4))).toEqual(['0.7917', '0.1528']);
  });
});
