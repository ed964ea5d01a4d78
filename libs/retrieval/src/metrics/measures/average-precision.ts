import type { JudgedRanking } from '../judged-ranking';

/**
 * map (trec_eval m_map.c): the sum of precision at each relevant retrieved document, divided by
 * all relevant documents in the qrels — relevant documents never retrieved count as precision 0.
 * gm_map uses the same per-query value; only its average differs (geometric, see evaluate.ts).
 */
export function averagePrecision(r: JudgedRanking, _params: readonly number[], out: Float64Array, at: number): void {
  let relSoFar = 0;
  let sum = 0;
  for (let i = 0; i < r.numRet; i++) {
    if (r.rels[i] >= r.relevanceLevel) {
      relSoFar++;
      sum += relSoFar / (i + 1);
    }
  }
  out[at] = relSoFar ? sum / r.numRel : 0;
}

/** map_cut_k (trec_eval m_map_cut.c): average precision over the top k, still divided by all relevant documents. */
export function averagePrecisionAtCutoffs(r: JudgedRanking, cutoffs: readonly number[], out: Float64Array, at: number): void {
  let relSoFar = 0;
  let sum = 0;
  let rank = 0;
  for (let c = 0; c < cutoffs.length; c++) {
    for (const end = Math.min(cutoffs[c], r.numRet); rank < end; rank++) {
      if (r.rels[rank] >= r.relevanceLevel) {
        relSoFar++;
        sum += relSoFar / (rank + 1);
      }
    }
    out[at + c] = r.numRel === 0 ? 0 : sum / r.numRel;
  }
}
