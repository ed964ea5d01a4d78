import type { JudgedRanking } from '../judged-ranking';

/** recall_k (trec_eval m_recall.c): relevant in the top k over all relevant in the qrels; 0 for a query without relevant documents. */
export function recallAtCutoffs(r: JudgedRanking, cutoffs: readonly number[], out: Float64Array, at: number): void {
  let relSoFar = 0;
  let rank = 0;
  for (let c = 0; c < cutoffs.length; c++) {
    for (const end = Math.min(cutoffs[c], r.numRet); rank < end; rank++) if (r.rels[rank] >= r.relevanceLevel) relSoFar++;
    out[at + c] = r.numRel === 0 ? 0 : relSoFar / r.numRel;
  }
}
