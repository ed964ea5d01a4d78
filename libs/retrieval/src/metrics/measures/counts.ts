import type { JudgedRanking } from '../judged-ranking';

/** num_ret, num_rel, num_rel_ret (trec_eval m_num_ret.c, m_num_rel.c, m_num_rel_ret.c); summed, not averaged, over queries. */
export function numRet(r: JudgedRanking, _cutoffs: readonly number[], out: Float64Array, at: number): void {
  out[at] = r.numRet;
}

export function numRel(r: JudgedRanking, _cutoffs: readonly number[], out: Float64Array, at: number): void {
  out[at] = r.numRel;
}

export function numRelRet(r: JudgedRanking, _cutoffs: readonly number[], out: Float64Array, at: number): void {
  out[at] = r.numRelRet;
}
