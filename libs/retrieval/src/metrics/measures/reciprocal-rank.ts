import type { JudgedRanking } from '../judged-ranking';

/** recip_rank (trec_eval m_recip_rank.c): 1 / rank of the first relevant document, over the whole run (no cut-off); 0 if none. */
export function reciprocalRank(r: JudgedRanking, _params: readonly number[], out: Float64Array, at: number): void {
  out[at] = 0;
  for (let i = 0; i < r.numRet; i++) {
    if (r.rels[i] >= r.relevanceLevel) {
      out[at] = 1 / (i + 1);
      return;
    }
  }
}
