import type { Qrels } from '../metrics/types';

export interface EvalQuery {
  id: string;
  text: string;
  vector?: Float32Array;
}

export interface CorpusDocument {
  id: string;
  title: string;
  text: string;
}

/** Queries with their relevance judgments, whatever file layout they came from. */
export interface EvalSet {
  queries: EvalQuery[];
  qrels: Qrels;
  corpus?: CorpusDocument[];
}
