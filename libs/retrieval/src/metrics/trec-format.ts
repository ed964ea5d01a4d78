import type { Evaluation } from './evaluate';
import { formatFixed } from './format-number';
import type { PlannedMeasure } from './measure-plan';

export interface TrecFormatOptions {
  /** trec_eval `-q`: a block of lines per query before the summary. */
  perQuery?: boolean;
  /** trec_eval `-n` turns this off: no `all` lines. Default true. */
  summary?: boolean;
}

/**
 * Renders an evaluation exactly as trec_eval prints it: `printf("%-22s\t%s\t%6.4f\n")` for real
 * values, `%ld` for counts, per-query blocks in query order, then the `all` block.
 */
export function formatTrecEval(evaluation: Evaluation, options: TrecFormatOptions = {}): string {
  const lines: string[] = [];
  if (options.perQuery) {
    evaluation.queryIds.forEach((qid, q) => {
      for (const measure of evaluation.measures) {
        if (!measure.family.perQuery) continue;
        for (const name of measure.valueNames) lines.push(line(name, qid, measure, evaluation.values.get(name)![q]));
      }
    });
  }
  if (options.summary ?? true) {
    for (const measure of evaluation.measures) {
      if (measure.family.aggregate === 'run-id') {
        lines.push(`${pad('runid')}\tall\t${evaluation.runId}`);
        continue;
      }
      for (const name of measure.valueNames) lines.push(line(name, 'all', measure, evaluation.summary.get(name)!));
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function line(name: string, qid: string, measure: PlannedMeasure, value: number): string {
  const text = measure.family.format === 'integer' ? String(Math.trunc(value)) : formatFixed(value, 4).padStart(6);
  return `${pad(name)}\t${qid}\t${text}`;
}

function pad(name: string): string {
  return name.padEnd(22);
}
