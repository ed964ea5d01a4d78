import type { JudgedRanking } from '../judged-ranking';

/** Rprec (trec_eval m_Rprec.c): precision after R = num_rel documents, divided by R even when fewer were retrieved. */
export function rPrecision(r: JudgedRanking, _params: readonly number[], out: Float64Array, at: number): void {
  const depth = Math.min(r.numRet, r.numRel);
  let relSoFar = 0;
  for (let i = 0; i < depth; i++) if (r.rels[i] >= r.relevanceLevel) relSoFar++;
  out[at] = depth === 0 ? 0 : relSoFar / r.numRel;
}
