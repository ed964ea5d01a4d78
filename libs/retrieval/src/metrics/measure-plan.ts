import { atof, atol, formatFixed } from './format-number';
import { MEASURE_FAMILIES, MEASURE_NICKNAMES, type MeasureFamily } from './registry';
import { MetricsInputError } from './types';

export interface PlannedMeasure {
  family: MeasureFamily;
  /** Sorted cut-offs (or recall levels) in effect. */
  params: readonly number[];
  /** Printed value names, e.g. `P_5`, `iprec_at_recall_0.10`, `map`. */
  valueNames: readonly string[];
}

/**
 * Turns trec_eval `-m` arguments (`official`, `all_trec`, `map`, `P.5,10`, `ndcg_cut.10`, …) into
 * the measures to compute, in trec_eval's output order. As in trec_eval, the first parameter list
 * given for a measure wins, and cut-offs are sorted, positive and distinct.
 */
export function planMeasures(requests: readonly string[]): PlannedMeasure[] {
  const marked = new Set<string>();
  const params = new Map<string, string>();
  for (const request of requests) {
    const dot = request.indexOf('.');
    const name = dot < 0 ? request : request.slice(0, dot);
    if (dot >= 0) {
      const paramText = request.slice(dot + 1);
      if (paramText === '') throw new MetricsInputError(`improper measure in parameter '${name}'`);
      if (!params.has(name)) params.set(name, paramText);
    }
    const members = MEASURE_NICKNAMES[name] ?? [name];
    for (const member of members) {
      if (!MEASURE_FAMILIES.some((f) => f.name === member)) throw new MetricsInputError(`illegal measure '${request}'`);
      marked.add(member);
    }
  }
  return MEASURE_FAMILIES.filter((f) => marked.has(f.name)).map((family) => {
    const given = params.get(family.name);
    const values = given === undefined || family.params === 'none' ? family.defaultParams : parseParams(family, given);
    return { family, params: values, valueNames: valueNames(family, values) };
  });
}

function parseParams(family: MeasureFamily, text: string): number[] {
  const values = text.split(',').map(family.params === 'integer-cutoffs' ? atol : atof).sort((a, b) => a - b);
  if (family.params === 'integer-cutoffs' && values[0] <= 0) throw new MetricsInputError(`measure ${family.name}: cut-offs must be positive ('${text}')`);
  for (let i = 1; i < values.length; i++) {
    if (values[i] === values[i - 1]) throw new MetricsInputError(`measure ${family.name}: duplicate cut-offs ('${text}')`);
  }
  return values;
}

function valueNames(family: MeasureFamily, params: readonly number[]): string[] {
  if (family.params === 'none') return [family.name];
  return params.map((p) => `${family.name}_${family.params === 'integer-cutoffs' ? String(p) : formatFixed(p, 2)}`);
}
