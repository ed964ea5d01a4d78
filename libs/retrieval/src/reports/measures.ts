import type { Qrels } from '../metrics/types';

/**
 * The measures a report shows by default, in the order it shows them (trec_eval value names).
 * `ndcg_exp_cut_10` (exponential gains) is added when the judgments are graded.
 */
export const DEFAULT_REPORT_MEASURES: readonly string[] = [
  'P_5',
  'P_10',
  'recall_10',
  'recall_100',
  'success_1',
  'success_5',
  'success_10',
  'recip_rank',
  'map',
  'map_cut_10',
  'ndcg',
  'ndcg_cut_10',
  'Rprec',
  'num_ret',
  'num_rel',
  'num_rel_ret',
];

/** Shown only for graded judgments: with binary grades it equals ndcg_cut_10. */
export const GRADED_REPORT_MEASURES: readonly string[] = ['ndcg_exp_cut_10'];

/** The measure worst queries are sorted by and comparisons list better/worse queries by. */
export const DEFAULT_KEY_MEASURE = 'ndcg_cut_10';

/** Whether any judgment uses a grade above 1 (graded relevance). */
export function isGraded(qrels: Qrels): boolean {
  for (const judgments of qrels.values()) for (const grade of judgments.values()) if (grade > 1) return true;
  return false;
}

/** The report's value names for these judgments. */
export function reportMeasures(qrels: Qrels): string[] {
  return isGraded(qrels) ? [...DEFAULT_REPORT_MEASURES, ...GRADED_REPORT_MEASURES] : [...DEFAULT_REPORT_MEASURES];
}

/**
 * Turns value names (`P_10`, `ndcg_cut_10`, `map`, `iprec_at_recall_0.10`) into trec_eval `-m`
 * requests (`P.10`, `ndcg_cut.10`, `map`), grouping the cut-offs of one family.
 */
export function measureRequests(valueNames: readonly string[]): string[] {
  const families = new Map<string, string[]>();
  for (const name of valueNames) {
    const match = /^(.*)_(\d+(?:\.\d+)?)$/.exec(name);
    const [family, param] = match ? [match[1], match[2]] : [name, undefined];
    const params = families.get(family) ?? [];
    if (param !== undefined) params.push(param);
    families.set(family, params);
  }
  return [...families].map(([family, params]) => (params.length ? `${family}.${params.join(',')}` : family));
}
