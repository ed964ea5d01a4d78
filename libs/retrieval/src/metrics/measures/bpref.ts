import { NOT_IN_QRELS, UNJUDGED_IN_POOL, type JudgedRanking } from '../judged-ranking';

/**
 * bpref (trec_eval m_bpref.c): for each relevant retrieved document, the share of the top-R judged
 * non-relevant documents ranked below it; documents missing from the qrels are skipped.
 */
export function bpref(r: JudgedRanking, _params: readonly number[], out: Float64Array, at: number): void {
  let numNonrel = 0;
  for (let grade = 0; grade < r.relevanceLevel && grade < r.levelCounts.length; grade++) numNonrel += r.levelCounts[grade];
  let nonrelSoFar = 0;
  let sum = 0;
  for (let i = 0; i < r.numRet; i++) {
    const rel = r.rels[i];
    if (rel === NOT_IN_QRELS || rel === UNJUDGED_IN_POOL) continue;
    if (rel < r.relevanceLevel) nonrelSoFar++;
    else if (nonrelSoFar > 0) sum += 1 - Math.min(nonrelSoFar, r.numRel) / Math.min(numNonrel, r.numRel);
    else sum += 1;
  }
  out[at] = r.numRel ? sum / r.numRel : sum;
}
