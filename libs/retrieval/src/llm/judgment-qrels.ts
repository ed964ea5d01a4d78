import { MetricsInputError, type Qrels } from '../metrics/types';
import type { Judgment } from './judge';

/** The id a judgment is filed under: its queryId, or the query text when the eval set has no ids. */
export function judgmentQueryId(judgment: Pick<Judgment, 'queryId' | 'query'>): string {
  return judgment.queryId ?? judgment.query;
}

/**
 * Graded qrels for `evaluate()`: grade 0–3 as the relevance level, so the metrics treat grade ≥ 1
 * as relevant by default (trec_eval's rel > 0) and nDCG uses the grades as gains. Missing
 * judgments are left out (unjudged), not written as 0. Two judgments of the same document
 * for the same query must agree.
 */
export function judgmentsToQrels(judgments: readonly Judgment[]): Qrels {
  const qrels: Qrels = new Map();
  for (const judgment of judgments) {
    if (judgment.grade === null) continue;
    const queryId = judgmentQueryId(judgment);
    let docs = qrels.get(queryId);
    if (!docs) qrels.set(queryId, (docs = new Map()));
    const earlier = docs.get(judgment.docId);
    if (earlier !== undefined && earlier !== judgment.grade) {
      throw new MetricsInputError(`judgmentsToQrels: query "${queryId}" document "${judgment.docId}" is graded both ${earlier} and ${judgment.grade}`);
    }
    docs.set(judgment.docId, judgment.grade);
  }
  return qrels;
}

export interface ContextRelevanceScore {
  /** Mean grade / 3 over judged items, in [0, 1]; null when nothing was judged. */
  score: number | null;
  judged: number;
  /** Items whose judgment is missing (grade null), excluded from the score. */
  missing: number;
}

export interface ContextRelevance {
  /** By query id (queryId, or the query text), in first-seen order. */
  perQuery: Map<string, ContextRelevanceScore>;
  /**
   * score: the mean of per-query scores over queries with at least one judged item, so each
   * query weighs the same however many passages it retrieved (as trec_eval averages).
   * pooledScore: the mean over all judged items together.
   */
  overall: ContextRelevanceScore & { pooledScore: number | null; queries: number };
}

/** Context relevance without labels: how relevant, on average, the retrieved passages were judged. */
export function contextRelevance(judgments: readonly Judgment[]): ContextRelevance {
  const sums = new Map<string, { gradeSum: number; judged: number; missing: number }>();
  for (const judgment of judgments) {
    const queryId = judgmentQueryId(judgment);
    let sum = sums.get(queryId);
    if (!sum) sums.set(queryId, (sum = { gradeSum: 0, judged: 0, missing: 0 }));
    if (judgment.grade === null) sum.missing++;
    else {
      sum.gradeSum += judgment.grade;
      sum.judged++;
    }
  }

  const perQuery = new Map<string, ContextRelevanceScore>();
  let queryScoreSum = 0;
  let scoredQueries = 0;
  let gradeSum = 0;
  let judged = 0;
  let missing = 0;
  for (const [queryId, sum] of sums) {
    const score = sum.judged > 0 ? sum.gradeSum / sum.judged / 3 : null;
    perQuery.set(queryId, { score, judged: sum.judged, missing: sum.missing });
    if (score !== null) {
      queryScoreSum += score;
      scoredQueries++;
    }
    gradeSum += sum.gradeSum;
    judged += sum.judged;
    missing += sum.missing;
  }
  return {
    perQuery,
    overall: {
      score: scoredQueries > 0 ? queryScoreSum / scoredQueries : null,
      pooledScore: judged > 0 ? gradeSum / judged / 3 : null,
      judged,
      missing,
      queries: sums.size,
    },
  };
}
