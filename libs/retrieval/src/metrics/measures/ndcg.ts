import type { JudgedRanking } from '../judged-ranking';

/** Maps a grade to its gain; grades ≤ 0 (and documents missing from the qrels) always gain nothing. */
export type Gain = (grade: number) => number;

/** trec_eval's gain: the grade itself. */
export const linearGain: Gain = (grade) => (grade > 0 ? grade : 0);
/** The gain of Burges et al. used by ranx, Ragas and most neural IR code: 2^grade − 1. */
export const exponentialGain: Gain = (grade) => (grade > 0 ? 2 ** grade - 1 : 0);

const discounts: number[] = [];
/** log2(rank + 1) for a 0-based rank, computed once; trec_eval divides by it rather than multiplying by its inverse. */
function discount(rank: number): number {
  for (let i = discounts.length; i <= rank; i++) discounts.push(Math.log2(i + 2));
  return discounts[rank];
}

/**
 * ndcg (trec_eval m_ndcg.c): DCG of the whole run over the ideal DCG of *every* judged document in
 * the qrels, retrieved or not, sorted by gain — the ideal list is not cut at the run's length.
 */
export function ndcgWith(gain: Gain) {
  return (r: JudgedRanking, _params: readonly number[], out: Float64Array, at: number): void => {
    let dcg = 0;
    for (let i = 0; i < r.numRet; i++) {
      const g = r.rels[i] > 0 ? gain(r.rels[i]) : 0;
      if (g !== 0) dcg += g / discount(i);
    }
    let ideal = 0;
    let rank = 0;
    for (let grade = r.levelCounts.length - 1; grade > 0; grade--) {
      const g = gain(grade);
      for (let n = r.levelCounts[grade]; n > 0; n--) ideal += g / discount(rank++);
    }
    out[at] = ideal > 0 ? dcg / ideal : 0;
  };
}

/** ndcg_cut_k (trec_eval m_ndcg_cut.c): DCG of the top k over the ideal DCG of the best k judged documents. */
export function ndcgAtCutoffsWith(gain: Gain) {
  return (r: JudgedRanking, cutoffs: readonly number[], out: Float64Array, at: number): void => {
    let dcg = 0;
    let rank = 0;
    for (let c = 0; c < cutoffs.length; c++) {
      for (const end = Math.min(cutoffs[c], r.numRet); rank < end; rank++) {
        const g = r.rels[rank] > 0 ? gain(r.rels[rank]) : 0;
        if (g !== 0) dcg += g / discount(rank);
      }
      out[at + c] = dcg;
    }
    let ideal = 0;
    let idealRank = 0;
    let c = 0;
    for (let grade = r.levelCounts.length - 1; grade > 0 && c < cutoffs.length; grade--) {
      const g = gain(grade);
      for (let n = r.levelCounts[grade]; n > 0 && c < cutoffs.length; n--) {
        while (c < cutoffs.length && idealRank === cutoffs[c]) normalize(out, at + c++, ideal);
        if (c < cutoffs.length) ideal += g / discount(idealRank++);
      }
    }
    while (c < cutoffs.length) normalize(out, at + c++, ideal);
  };
}

function normalize(out: Float64Array, index: number, ideal: number): void {
  if (ideal > 0) out[index] /= ideal;
}
