import { describe, expect, it } from 'vitest';
import { evaluate, formatFixed, formatTrecEval } from '../../src';
import { qrelsOf, runOf } from './helpers';

describe("printf-compatible output", () => {
  it('rounds exact binary ties to even like glibc printf, not up like toFixed', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.1, 2)).toBe('0.10');
    expect(formatFixed(1 / 3, 4)).toBe('0.3333');
    expect(formatFixed(-358, 4)).toBe('-358.0000');
  });

  it('prints "%-22s\\t%s\\t%6.4f", integers for counts, runid and num_q only in the summary', () => {
    const evaluation = evaluate(qrelsOf({ q: { a: 1, b: 0 } }), runOf({ q: [['a', 2], ['b', 1]] }), {
      measures: ['official'],
      complete: false,
      runId: 'myrun',
    });
    const text = formatTrecEval(evaluation, { perQuery: true });
    const lines = text.split('\n');
    expect(lines[0]).toBe('num_ret               \tq\t2');
    expect(lines).toContain('map                   \tq\t1.0000');
    expect(lines).toContain('runid                 \tall\tmyrun');
    expect(lines).toContain('num_q                 \tall\t1');
    expect(lines).toContain('gm_map                \tall\t1.0000');
    expect(lines.filter((l) => l.startsWith('gm_map'))).toHaveLength(1);
    expect(text.endsWith('P_1000                \tall\t0.0010\n')).toBe(true);
  });
});
