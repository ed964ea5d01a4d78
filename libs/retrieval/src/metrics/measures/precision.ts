import type { JudgedRanking } from '../judged-ranking';

/**
 * P_k (trec_eval m_P.c): relevant documents in the top k divided by k — always by k, so a run
 * shorter than k counts as padded with non-relevant documents.
 */
export function precisionAtCutoffs(r: JudgedRanking, cutoffs: readonly number[], out: Float64Array, at: number): void {
  let relSoFar = 0;
  let rank = 0;
  for (let c = 0; c < cutoffs.length; c++) {
    for (const end = Math.min(cutoffs[c], r.numRet); rank < end; rank++) if (r.rels[rank] >= r.relevanceLevel) relSoFar++;
    out[at + c] = relSoFar / cutoffs[c];
  }
}
