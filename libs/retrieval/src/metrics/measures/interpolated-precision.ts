import type { JudgedRanking } from '../judged-ranking';

/**
 * iprec_at_recall_x (trec_eval m_iprec_at_recall.c): the highest precision at any rank whose recall
 * is at least x. Recall levels become document counts with round-half-away-from-zero (C's lround),
 * as trec_eval 10 does; `trec9` reproduces trec_eval 9's `(long)(x · R + 0.9)`, which pytrec_eval
 * and older published outputs use and which differs for some R.
 */
export function interpolatedPrecisionAtRecall(
  r: JudgedRanking,
  levels: readonly number[],
  out: Float64Array,
  at: number,
  rounding: 'trec10' | 'trec9' = 'trec10',
): void {
  const targets = levels.map((level) => (rounding === 'trec9' ? Math.trunc(level * r.numRel + 0.9) : lround(level * r.numRel)));
  out.fill(0, at, at + levels.length);
  if (r.numRet === 0) return;
  let current = levels.length - 1;
  while (current >= 0 && targets[current] > r.numRelRet) current--;
  let best = r.numRelRet / r.numRet;
  let relSoFar = r.numRelRet;
  for (let i = r.numRet; i > 0 && relSoFar > 0; i--) {
    const precision = relSoFar / i;
    if (best < precision) best = precision;
    if (r.rels[i - 1] >= r.relevanceLevel) {
      while (current >= 0 && relSoFar === targets[current]) out[at + current--] = best;
      relSoFar--;
    }
  }
  while (current >= 0) out[at + current--] = best;
}

function lround(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
