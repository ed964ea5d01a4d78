import type { ReportJudge, ReportMeasure } from '@ragscope/retrieval';

/** What an evaluation was asked to do (secrets never included). */
export interface EvaluationParams {
  evalSetId: string;
  connectionId: string;
  collection: string;
  vectorField: string | null;
  k: number;
  /** The vector field's metric and dimension when the evaluation was created. */
  distance?: string;
  dimension?: number;
  embedder?: { baseUrl: string; model: string; dimensions?: number } | null;
  judge?: { baseUrl: string; model: string; topN: number; textField: string } | null;
}

/** Headline numbers kept on the row, so lists need not rebuild reports. */
export interface EvaluationSummary {
  queryCount: number;
  failingCount: number;
  missingCount: number;
  measures: ReportMeasure[];
  /** Mean context relevance, when an LLM judge ran. */
  contextRelevance?: number | null;
}

export type StoredJudge = ReportJudge;
