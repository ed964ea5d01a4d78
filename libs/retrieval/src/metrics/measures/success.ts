import type { JudgedRanking } from '../judged-ranking';

/** success_k (trec_eval m_success.c), a.k.a. hit rate: 1 if any relevant document is in the top k, else 0. */
export function successAtCutoffs(r: JudgedRanking, cutoffs: readonly number[], out: Float64Array, at: number): void {
  let found = false;
  let rank = 0;
  for (let c = 0; c < cutoffs.length; c++) {
    for (const end = Math.min(cutoffs[c], r.numRet); rank < end && !found; rank++) if (r.rels[rank] >= r.relevanceLevel) found = true;
    out[at + c] = found ? 1 : 0;
  }
}
