/** Relevance judgments: query id → document id → grade (an integer; grades below 0 mean "in the pool, unjudged"). */
export type Qrels = Map<string, Map<string, number>>;

/** One retrieved document. Only the score orders a ranking; a rank column in a run file is ignored, as trec_eval does. */
export interface RankedDoc {
  docid: string;
  score: number;
}

/** A run: query id → retrieved documents in any order. */
export type Run = Map<string, readonly RankedDoc[]>;

/** Raised when qrels or a run cannot be evaluated (duplicate documents, non-finite scores, bad measure names). */
export class MetricsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsInputError';
  }
}
