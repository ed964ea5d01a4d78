import { compareCodePoints } from './compare';
import { MetricsInputError, type RankedDoc } from './types';

/** Marks a retrieved document absent from the qrels (trec_eval's RELVALUE_NONPOOL). */
export const NOT_IN_QRELS = -1;
/** Marks a retrieved document listed in the qrels with a negative grade (trec_eval's RELVALUE_UNJUDGED). */
export const UNJUDGED_IN_POOL = -2;

/** What the qrels say about one query, computed once per query and reused by every measure. */
export interface QueryJudgments {
  grades: ReadonlyMap<string, number>;
  /** Judged documents with grade ≥ the relevance level. */
  numRel: number;
  /** levelCounts[g] = judged documents with grade g, for g ≥ 0 (negative grades are not counted, as in trec_eval). */
  levelCounts: Int32Array;
}

/** A query's ranking reduced to what the measures need: the grade at each rank. */
export interface JudgedRanking {
  /** Grade of the document at each 0-based rank, or NOT_IN_QRELS / UNJUDGED_IN_POOL. */
  rels: Int32Array;
  numRet: number;
  numRel: number;
  numRelRet: number;
  relevanceLevel: number;
  levelCounts: Int32Array;
}

export function summarizeJudgments(grades: ReadonlyMap<string, number>, relevanceLevel: number): QueryJudgments {
  let maxGrade = -1;
  let numRel = 0;
  for (const grade of grades.values()) {
    if (grade > maxGrade) maxGrade = grade;
    if (grade >= relevanceLevel) numRel++;
  }
  const levelCounts = new Int32Array(maxGrade + 1);
  for (const grade of grades.values()) if (grade >= 0) levelCounts[grade]++;
  return { grades, numRel, levelCounts };
}

/**
 * Ranks a query's documents exactly as trec_eval's form_res_rels does: score descending, ties broken
 * by document id in descending strcmp order, then truncated to `maxDocs`. Duplicate document ids
 * among the kept documents are an error, as they are for trec_eval.
 */
export function judgeRanking(
  qid: string,
  docs: readonly RankedDoc[],
  judgments: QueryJudgments,
  relevanceLevel: number,
  maxDocs: number,
  checkDuplicates = true,
): JudgedRanking {
  const order = rankOrder(qid, docs);
  const numRet = Math.min(order.length, maxDocs);
  const rels = new Int32Array(numRet);
  const seen = checkDuplicates ? new Set<string>() : undefined;
  let numRelRet = 0;
  for (let rank = 0; rank < numRet; rank++) {
    const docid = docs[order[rank]].docid;
    if (seen) {
      if (seen.has(docid)) throw new MetricsInputError(`query ${qid}: document ${docid} is retrieved more than once`);
      seen.add(docid);
    }
    const grade = judgments.grades.get(docid);
    if (grade === undefined) rels[rank] = NOT_IN_QRELS;
    else if (grade < 0) rels[rank] = UNJUDGED_IN_POOL;
    else {
      rels[rank] = grade;
      if (grade >= relevanceLevel) numRelRet++;
    }
  }
  return { rels, numRet, numRel: judgments.numRel, numRelRet, relevanceLevel, levelCounts: judgments.levelCounts };
}

/** Indices of `docs` in ranked order; skips the sort when the input is already ranked (runs usually are). */
function rankOrder(qid: string, docs: readonly RankedDoc[]): Uint32Array {
  const n = docs.length;
  const scores = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const score = docs[i].score;
    if (!Number.isFinite(score)) throw new MetricsInputError(`query ${qid}: document ${docs[i].docid} has score ${score}`);
    scores[i] = score;
    if (sorted && i > 0 && precedes(scores, docs, i, i - 1)) sorted = false;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!sorted) order.sort((a, b) => (precedes(scores, docs, a, b) ? -1 : precedes(scores, docs, b, a) ? 1 : 0));
  return order;
}

function precedes(scores: Float64Array, docs: readonly RankedDoc[], a: number, b: number): boolean {
  if (scores[a] !== scores[b]) return scores[a] > scores[b];
  return compareCodePoints(docs[a].docid, docs[b].docid) > 0;
}
