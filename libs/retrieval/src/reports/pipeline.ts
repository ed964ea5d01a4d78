import type { Distance, VectorStore } from '../connectors/types';
import type { EvalQuery } from '../evalsets/types';
import type { Embedder } from '../llm/embedder';
import type { Judgment, JudgeItem, RelevanceJudge } from '../llm/judge';
import { contextRelevance, judgmentsToQrels } from '../llm/judgment-qrels';
import { bootstrapMean } from '../metrics/statistics/bootstrap';
import type { Qrels, RankedDoc, Run } from '../metrics/types';
import { buildReport, type BuildReportOptions } from './build-report';
import { searchRun } from './run';
import type { EvaluationReport, ReportJudge } from './types';

export type EvaluationStage = 'embedding queries' | 'searching' | 'judging' | 'scoring';

/** Measures recomputed against the judge's grades (over the judged top N only). */
const JUDGE_MEASURES = ['P_5', 'P_10', 'recip_rank', 'ndcg_cut_10'];

export interface EvaluationJudgeSetup {
  judge: RelevanceJudge;
  /** Shown in the report. */
  model: string;
  /** Judge the top N retrieved passages of each query. */
  topN: number;
  /** Payload field with the passage text. */
  textField: string;
}

export interface EvaluationInput {
  store: VectorStore;
  collection: string;
  vectorField?: string;
  /** The field's metric (distances are turned into higher-is-better scores). */
  distance?: Distance;
  /** The field's dimension: query vectors of another one are refused before any search. */
  dimension?: number;
  k: number;
  queries: readonly EvalQuery[];
  qrels: Qrels;
  /** Embed every query text with this (otherwise each query needs a precomputed vector). */
  embedder?: Embedder;
  judge?: EvaluationJudgeSetup;
  signal?: AbortSignal;
  /** Progress inside a stage: `done` of `total` units (queries, passages). */
  onProgress?: (stage: EvaluationStage, done: number, total: number) => void;
  report?: Omit<BuildReportOptions, 'k' | 'judge' | 'queryTexts'>;
  /** Queries per search call. Default 32. */
  searchBatchSize?: number;
}

export interface EvaluationOutput {
  run: Run;
  report: EvaluationReport;
  judgments?: Judgment[];
}

/** Raised for inputs that cannot be evaluated (missing vectors, wrong dimension). */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
  }
}

/**
 * The whole evaluation, as the api's job and `ragscope eval` both run it: query vectors (precomputed
 * or embedded), top-k search through the connector, an optional LLM judge over the top N passages,
 * and the report with trec_eval conventions.
 */
export async function runEvaluation(input: EvaluationInput): Promise<EvaluationOutput> {
  const { queries, signal } = input;
  const progress = input.onProgress ?? (() => undefined);
  const { vectors, dimension } = await queryVectors(input);
  if (input.dimension !== undefined && dimension !== input.dimension) {
    throw new EvaluationInputError(`the query vectors have dimension ${dimension}, the vector field${input.vectorField ? ` "${input.vectorField}"` : ''} of "${input.collection}" has ${input.dimension}`);
  }

  progress('searching', 0, queries.length);
  const { run, payloads } = await searchRun(input.store, {
    collection: input.collection,
    ...(input.vectorField !== undefined ? { vectorField: input.vectorField } : {}),
    ...(input.distance !== undefined ? { distance: input.distance } : {}),
    queryIds: queries.map((q) => q.id),
    vectors,
    dimension,
    k: input.k,
    batchSize: input.searchBatchSize ?? 32,
    ...(signal ? { signal } : {}),
    onProgress: (done, total) => progress('searching', done, total),
    ...(input.judge ? { withPayload: [input.judge.textField] } : {}),
  });

  let judge: ReportJudge | undefined;
  let judgments: Judgment[] | undefined;
  if (input.judge) {
    ({ judge, judgments } = await judgeRun(input, input.judge, run, payloads!));
  }

  signal?.throwIfAborted();
  progress('scoring', 0, 1);
  const report = buildReport(input.qrels, run, {
    ...input.report,
    k: input.k,
    queryTexts: new Map(queries.map((q) => [q.id, q.text])),
    ...(judge ? { judge } : {}),
  });
  progress('scoring', 1, 1);
  return { run, report, ...(judgments ? { judgments } : {}) };
}

async function queryVectors(input: EvaluationInput): Promise<{ vectors: Float32Array; dimension: number }> {
  const { queries } = input;
  if (input.embedder) {
    input.onProgress?.('embedding queries', 0, queries.length);
    const result = await input.embedder.embed(
      queries.map((q) => q.text),
      { ...(input.signal ? { signal: input.signal } : {}), onProgress: (done, total) => input.onProgress?.('embedding queries', done, total) },
    );
    return { vectors: result.vectors, dimension: result.dimension };
  }
  const missing = queries.filter((q) => !q.vector);
  if (missing.length) {
    throw new EvaluationInputError(
      `${missing.length} of ${queries.length} queries have no precomputed vector (first: ${missing.slice(0, 3).map((q) => q.id).join(', ')}); attach query vectors or configure an embedder`,
    );
  }
  const dimension = queries[0]?.vector?.length ?? 0;
  const vectors = new Float32Array(queries.length * dimension);
  queries.forEach((q, i) => {
    if (q.vector!.length !== dimension) throw new EvaluationInputError(`query ${q.id} has a vector of dimension ${q.vector!.length}, the others ${dimension}`);
    vectors.set(q.vector!, i * dimension);
  });
  return { vectors, dimension };
}

async function judgeRun(
  input: EvaluationInput,
  setup: EvaluationJudgeSetup,
  run: Run,
  payloads: Map<string, Map<string, Record<string, unknown>>>,
): Promise<{ judge: ReportJudge; judgments: Judgment[] }> {
  const items: JudgeItem[] = [];
  let withoutText = 0;
  const topRun: Map<string, RankedDoc[]> = new Map();
  for (const query of input.queries) {
    const docs = (run.get(query.id) ?? []).slice(0, setup.topN);
    topRun.set(query.id, docs);
    for (const doc of docs) {
      const text = payloads.get(query.id)?.get(doc.docid)?.[setup.textField];
      if (typeof text !== 'string' || text.trim() === '') withoutText++;
      else items.push({ queryId: query.id, query: query.text, docId: doc.docid, text });
    }
  }
  input.onProgress?.('judging', 0, items.length);
  const result = await setup.judge.judge(items, { ...(input.signal ? { signal: input.signal } : {}), onProgress: (done, total) => input.onProgress?.('judging', done, total) });
  const relevance = contextRelevance(result.judgments);
  const perQuery: ReportJudge['perQuery'] = {};
  const scores: number[] = [];
  for (const [queryId, score] of relevance.perQuery) {
    perQuery[queryId] = { contextRelevance: score.score, judged: score.judged };
    if (score.score !== null) scores.push(score.score);
  }
  const interval = scores.length ? bootstrapMean(scores, input.report?.bootstrap) : undefined;
  const judgeQrels = judgmentsToQrels(result.judgments);
  const judgedRun: Run = new Map([...topRun].filter(([qid]) => judgeQrels.has(qid)));
  const measures = judgeQrels.size ? buildReport(judgeQrels, judgedRun, { measures: JUDGE_MEASURES, bootstrap: input.report?.bootstrap }).measures : undefined;
  return {
    judgments: result.judgments,
    judge: {
      model: setup.model,
      topN: setup.topN,
      judged: relevance.overall.judged,
      missing: relevance.overall.missing + withoutText,
      contextRelevance: relevance.overall.score,
      ...(interval ? { contextRelevanceCi: { lower: interval.lower, upper: interval.upper } } : {}),
      perQuery,
      ...(measures ? { measures } : {}),
    },
  };
}
