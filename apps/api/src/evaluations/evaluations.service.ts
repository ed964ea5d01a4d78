import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  buildReport,
  compareRuns,
  EvaluationInputError,
  FileJudgmentCache,
  LlmError,
  OpenAiEmbedder,
  OpenAiRelevanceJudge,
  runEvaluation,
  type EvaluationStage,
  formatReportCsv,
  formatReportHtml,
  formatReportJson,
  formatTrecRun,
  MetricsInputError,
  chooseVectorField,
  type CollectionInfo,
  type EvaluationComparison,
  type EvalQuery,
  type EvaluationReport,
  type ReportExportFormat,
  type Run,
  type VectorFieldInfo,
} from '@ragscope/retrieval';
import { DataSource, In, Repository } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ConnectionsService } from '../connections/connections.service';
import { EvalSetsService, type LoadedEvalSet } from '../evalsets/evalsets.service';
import { FINISHED_STATUSES, type JobStatus } from '../jobs/job.entity';
import { JobsService } from '../jobs/jobs.service';
import type { JobContext, JobView } from '../jobs/jobs.types';
import { EvaluationResultsRepository } from './evaluation-results.repository';
import { EvaluationEntity } from './evaluation.entity';
import type { CreateEvaluationDto, EvaluationDetailDto, EvaluationDto, JudgeDto } from './evaluations.dto';
import type { EvaluationParams, EvaluationSummary } from './evaluations.types';

export const EVALUATION_JOB = 'evaluation';
const DEFAULT_K = 100;
/** Queries per search call; each call is a point where a cancellation takes effect. */
const SEARCH_BATCH = 32;
const REPORT_CACHE_SIZE = 16;
const DEFAULT_JUDGE_TOP_N = 10;

/** Where each stage sits in the job's overall progress: [start, end]. */
const STAGE_SPANS: Record<EvaluationStage, readonly [number, number]> = {
  'embedding queries': [0.02, 0.2],
  searching: [0.2, 0.6],
  judging: [0.6, 0.95],
  scoring: [0.95, 1],
};

/** API keys of queued evaluations: used by the job, never written anywhere. */
interface RunSecrets {
  embedderApiKey?: string;
  judgeApiKey?: string;
}

export interface ExportedFile {
  body: string;
  contentType: string;
  filename: string;
}

/**
 * Evaluations: validate a request against the eval set, the connection and the collection, then run
 * it as a job (vectors → top-k search through the connector → stored run → trec_eval-exact scores).
 * Reports, exports and comparisons are rebuilt from the stored run with the shared report code.
 */
@Injectable()
export class EvaluationsService implements OnModuleInit {
  private readonly logger = new Logger('Evaluations');
  private readonly reports = new Map<string, EvaluationReport>();
  private readonly secrets = new Map<string, RunSecrets>();

  constructor(
    @InjectRepository(EvaluationEntity) private readonly evaluations: Repository<EvaluationEntity>,
    private readonly results: EvaluationResultsRepository,
    private readonly jobs: JobsService,
    private readonly evalSets: EvalSetsService,
    private readonly connections: ConnectionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ evaluationId: string }, Record<string, unknown>>(EVALUATION_JOB, (context) => this.run(context));
    this.evalSets.addDeleteGuard(async (evalSetId) => {
      const active = await this.evaluations.find({ where: { evalSetId, status: In(['queued', 'running']) } });
      for (const evaluation of active) {
        if (!FINISHED_STATUSES.includes((await this.sync(evaluation)).status)) {
          return `eval set ${evalSetId} is used by evaluation ${evaluation.id}, which is ${evaluation.status}; cancel it first (DELETE /api/evaluations/${evaluation.id})`;
        }
      }
      return undefined;
    });
  }

  async create(input: CreateEvaluationDto): Promise<EvaluationDetailDto> {
    const evalSet = await this.evalSets.get(input.evalSetId);
    await this.connections.get(input.connectionId);
    const store = await this.connections.store(input.connectionId);
    const info = await store.describe(input.collection);
    const field = chooseVectorField(info, input.vectorField);
    if (input.embedder) {
      validateLlmConfig(() => new OpenAiEmbedder({ ...input.embedder! }), 'embedder');
      if (input.embedder.dimensions !== undefined && input.embedder.dimensions !== field.dimension) {
        throw new BadRequestException(`embedder.dimensions is ${input.embedder.dimensions}, the vector field "${field.name}" of "${input.collection}" has ${field.dimension}`);
      }
    } else {
      if (evalSet.vectorCount < evalSet.queryCount) {
        throw new BadRequestException(
          `eval set "${evalSet.name}" has precomputed vectors for ${evalSet.vectorCount} of its ${evalSet.queryCount} queries; attach vectors for all of them (POST /api/evalsets/${evalSet.id}/vectors) or configure an embedder`,
        );
      }
      if (evalSet.dimension !== field.dimension) {
        throw new BadRequestException(`the eval set's query vectors have dimension ${evalSet.dimension}, the vector field "${field.name}" of "${input.collection}" has ${field.dimension}`);
      }
    }
    const judge = input.judge ? judgeParams(input.judge, info) : null;
    if (input.judge) validateLlmConfig(() => new OpenAiRelevanceJudge({ baseUrl: input.judge!.baseUrl, model: input.judge!.model }), 'judge');
    const k = input.k ?? DEFAULT_K;
    const params: EvaluationParams = {
      evalSetId: input.evalSetId,
      connectionId: input.connectionId,
      collection: input.collection,
      vectorField: field.name,
      k,
      distance: field.distance,
      dimension: field.dimension,
      embedder: input.embedder ? { baseUrl: input.embedder.baseUrl, model: input.embedder.model, ...(input.embedder.dimensions ? { dimensions: input.embedder.dimensions } : {}) } : null,
      judge,
    };
    const id = randomUUID();
    const entity = this.evaluations.create({
      id,
      name: input.name ?? `${evalSet.name} on ${input.collection} (k=${k})`,
      evalSetId: input.evalSetId,
      connectionId: input.connectionId,
      collection: input.collection,
      vectorField: field.name,
      k,
      jobId: '',
      status: 'queued',
      params,
      summary: null,
      judge: null,
      error: null,
      finishedAt: null,
    });
    await this.evaluations.save(entity);
    if (input.embedder?.apiKey || input.judge?.apiKey) this.secrets.set(id, { embedderApiKey: input.embedder?.apiKey, judgeApiKey: input.judge?.apiKey });
    const job = await this.jobs.enqueue(EVALUATION_JOB, { evaluationId: id });
    await this.evaluations.update(id, { jobId: job.id });
    entity.jobId = job.id;
    return { ...toDto(entity), job };
  }

  async list(filter: { evalSetId?: string; status?: JobStatus } = {}): Promise<EvaluationDto[]> {
    const rows = await this.evaluations.find({ where: { ...(filter.evalSetId ? { evalSetId: filter.evalSetId } : {}) }, order: { createdAt: 'DESC' } });
    const synced = await Promise.all(rows.map((row) => this.sync(row)));
    return synced.filter((row) => !filter.status || row.status === filter.status).map(toDto);
  }

  async get(id: string): Promise<EvaluationDetailDto> {
    const entity = await this.sync(await this.load(id));
    return { ...toDto(entity), job: await this.jobView(entity.jobId) };
  }

  /** Cancels a queued or running evaluation (true), or deletes a finished one with its run (false). */
  async cancelOrDelete(id: string): Promise<{ cancelled: boolean; evaluation?: EvaluationDetailDto }> {
    const entity = await this.sync(await this.load(id));
    if (!FINISHED_STATUSES.includes(entity.status)) {
      await this.jobs.cancel(entity.jobId);
      return { cancelled: true, evaluation: await this.get(id) };
    }
    await this.evaluations.delete(id); // evaluation_results go with it (ON DELETE CASCADE)
    this.reports.delete(id);
    return { cancelled: false };
  }

  async report(id: string): Promise<EvaluationReport> {
    const cached = this.reports.get(id);
    if (cached) return cached;
    const entity = await this.finished(id);
    const [evalSet, run] = await Promise.all([this.evalSets.loadForEvaluation(entity.evalSetId), this.results.load(id)]);
    return this.cachedReport(entity, evalSet, run);
  }

  /** What a map needs to place a succeeded evaluation's queries: its collection and vector field, the queries (with stored vectors), the run and which queries fail. */
  async forMap(id: string): Promise<{ collection: string; vectorField: string | null; queries: EvalQuery[]; run: Run; failing: Set<string> }> {
    const entity = await this.finished(id);
    const [evalSet, run] = await Promise.all([this.evalSets.loadForEvaluation(entity.evalSetId), this.results.load(id)]);
    const report = this.cachedReport(entity, evalSet, run);
    return { collection: entity.collection, vectorField: entity.vectorField, queries: evalSet.queries, run, failing: new Set(report.failingQueries.map((q) => q.queryId)) };
  }

  private cachedReport(entity: EvaluationEntity, evalSet: LoadedEvalSet, run: Run): EvaluationReport {
    const cached = this.reports.get(entity.id);
    if (cached) return cached;
    const report = this.buildReport(entity, evalSet, run);
    this.reports.set(entity.id, report);
    if (this.reports.size > REPORT_CACHE_SIZE) this.reports.delete(this.reports.keys().next().value!);
    return report;
  }

  async export(id: string, format: ReportExportFormat): Promise<ExportedFile> {
    const entity = await this.finished(id);
    const base = `ragscope-${slug(entity.name)}-${id.slice(0, 8)}`;
    if (format === 'trec') {
      return { body: formatTrecRun(await this.results.load(id), runId(entity)), contentType: 'text/plain; charset=utf-8', filename: `${base}.trec` };
    }
    const report = await this.report(id);
    switch (format) {
      case 'csv':
        return { body: formatReportCsv(report), contentType: 'text/csv; charset=utf-8', filename: `${base}.csv` };
      case 'html':
        return { body: formatReportHtml(report, { title: `Retrieval evaluation: ${entity.name}` }), contentType: 'text/html; charset=utf-8', filename: `${base}.html` };
      default:
        return { body: formatReportJson(report), contentType: 'application/json; charset=utf-8', filename: `${base}.json` };
    }
  }

  async compare(idA: string, idB: string, measure?: string): Promise<EvaluationComparison> {
    const [a, b] = [await this.finished(idA), await this.finished(idB)];
    if (a.evalSetId !== b.evalSetId) {
      throw new BadRequestException(`evaluations ${idA} and ${idB} ran different eval sets; a paired comparison needs the same queries and judgments`);
    }
    const evalSet = await this.evalSets.loadForEvaluation(a.evalSetId);
    try {
      const comparison = compareRuns(evalSet.qrels, await this.results.load(idA), await this.results.load(idB), {
        runIdA: runId(a),
        runIdB: runId(b),
        queryTexts: new Map(evalSet.queries.map((q) => [q.id, q.text])),
        ...(measure ? { keyMeasure: measure } : {}),
      });
      return { ...comparison, a: { ...comparison.a, ...describe(a) }, b: { ...comparison.b, ...describe(b) } };
    } catch (error) {
      if (error instanceof MetricsInputError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  /** The job: query vectors (stored or embedded), search, optional judge, score, store. */
  private async run(context: JobContext<{ evaluationId: string }>): Promise<Record<string, unknown>> {
    const { signal, progress } = context;
    const entity = await this.load(context.params.evaluationId);
    const secrets = this.secrets.get(entity.id) ?? {};
    this.secrets.delete(entity.id);
    await this.evaluations.update(entity.id, { status: 'running' });
    try {
      progress('loading eval set', 0);
      const evalSet = await this.evalSets.loadForEvaluation(entity.evalSetId);
      const store = await this.connections.store(entity.connectionId);
      const { embedder, judge } = entity.params;
      const { run, report } = await runEvaluation({
        store,
        collection: entity.collection,
        ...(entity.vectorField ? { vectorField: entity.vectorField } : {}),
        ...(entity.params.distance ? { distance: entity.params.distance as VectorFieldInfo['distance'] } : {}),
        ...(entity.params.dimension ? { dimension: entity.params.dimension } : {}),
        k: entity.k,
        queries: evalSet.queries,
        qrels: evalSet.qrels,
        ...(embedder ? { embedder: new OpenAiEmbedder({ ...embedder, ...(secrets.embedderApiKey ? { apiKey: secrets.embedderApiKey } : {}) }) } : {}),
        ...(judge
          ? {
              judge: {
                judge: new OpenAiRelevanceJudge(
                  { baseUrl: judge.baseUrl, model: judge.model, ...(secrets.judgeApiKey ? { apiKey: secrets.judgeApiKey } : {}) },
                  { cache: await FileJudgmentCache.open(join(this.config.dataDir, 'judgments.jsonl')) },
                ),
                model: judge.model,
                topN: judge.topN,
                textField: judge.textField,
              },
            }
          : {}),
        signal,
        searchBatchSize: SEARCH_BATCH,
        onProgress: (stage, done, total) => {
          const [from, to] = STAGE_SPANS[stage];
          progress(stage, from + ((to - from) * done) / Math.max(1, total));
        },
        report: { runId: runId(entity), meta: this.meta(entity, evalSet) },
      });
      signal.throwIfAborted();
      const summary: EvaluationSummary = {
        queryCount: report.queryCount,
        failingCount: report.failingQueries.length,
        missingCount: report.missingQueryIds.length,
        measures: report.measures,
        ...(report.judge ? { contextRelevance: report.judge.contextRelevance } : {}),
      };
      await this.dataSource.transaction(async (manager) => {
        await this.results.save(manager, entity.id, evalSet.queries.map((q) => q.id), run);
        await manager.update(EvaluationEntity, entity.id, { status: 'succeeded', summary, judge: report.judge ?? null, finishedAt: new Date(), error: null });
      });
      this.reports.set(entity.id, report);
      const headline = Object.fromEntries(report.measures.filter((m) => ['ndcg_cut_10', 'recall_100', 'map'].includes(m.name)).map((m) => [m.name, m.value]));
      this.logger.log(`evaluation ${entity.id} ("${entity.name}"): ${report.queryCount} queries, ${JSON.stringify(headline)}`);
      return { evaluationId: entity.id, queryCount: report.queryCount, failingCount: summary.failingCount, ...headline };
    } catch (error) {
      const status: JobStatus = signal.aborted ? 'cancelled' : 'failed';
      const message = signal.aborted ? null : error instanceof Error ? error.message : String(error);
      await this.evaluations.update(entity.id, { status, error: message, finishedAt: new Date() }).catch(() => undefined);
      if (error instanceof EvaluationInputError || error instanceof LlmError) throw new Error(error.message, { cause: error });
      throw error;
    }
  }

  private meta(entity: EvaluationEntity, evalSet: LoadedEvalSet): Record<string, unknown> {
    return {
      evaluation: entity.name,
      evaluationId: entity.id,
      evalSet: evalSet.name,
      collection: entity.collection,
      vectorField: entity.vectorField,
      distance: entity.params.distance,
      embedder: entity.params.embedder ? `${entity.params.embedder.model} at ${entity.params.embedder.baseUrl}` : 'precomputed query vectors',
      createdAt: entity.createdAt.toISOString(),
    };
  }

  private buildReport(entity: EvaluationEntity, evalSet: LoadedEvalSet, run: Run): EvaluationReport {
    return buildReport(evalSet.qrels, run, {
      k: entity.k,
      runId: runId(entity),
      queryTexts: new Map(evalSet.queries.map((q) => [q.id, q.text])),
      ...(entity.judge ? { judge: entity.judge } : {}),
      meta: this.meta(entity, evalSet),
    });
  }

  /** The row's status, brought in line with its job (a job cancelled while queued or cut off by a restart never ran the handler). */
  private async sync(entity: EvaluationEntity): Promise<EvaluationEntity> {
    if (FINISHED_STATUSES.includes(entity.status) || !entity.jobId) return entity;
    const job = await this.jobView(entity.jobId);
    const status: JobStatus = job ? job.status : 'failed';
    if (status === entity.status) return entity;
    if (FINISHED_STATUSES.includes(status)) {
      // the handler writes its own outcome; re-read in case it just did
      const fresh = await this.load(entity.id);
      if (FINISHED_STATUSES.includes(fresh.status)) return fresh;
      fresh.status = status;
      fresh.error = job?.error ?? (job ? null : 'the job of this evaluation no longer exists');
      fresh.finishedAt = job?.finishedAt ? new Date(job.finishedAt) : new Date();
      await this.evaluations.update(entity.id, { status: fresh.status, error: fresh.error, finishedAt: fresh.finishedAt });
      return fresh;
    }
    return Object.assign(entity, { status });
  }

  private async jobView(jobId: string): Promise<JobView | null> {
    if (!jobId) return null;
    try {
      return await this.jobs.get(jobId);
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }

  private async finished(id: string): Promise<EvaluationEntity> {
    const entity = await this.sync(await this.load(id));
    if (entity.status !== 'succeeded') {
      throw new ConflictException({
        error: 'Conflict',
        message: `evaluation ${id} is ${entity.status}${entity.error ? ` (${entity.error})` : ''}; a report exists only for a succeeded evaluation`,
        details: { status: entity.status },
      });
    }
    return entity;
  }

  private async load(id: string): Promise<EvaluationEntity> {
    const entity = await this.evaluations.findOne({ where: { id } });
    if (!entity) throw new NotFoundException(`evaluation ${id} does not exist`);
    return entity;
  }
}

function toDto(entity: EvaluationEntity): EvaluationDto {
  return {
    id: entity.id,
    name: entity.name,
    status: entity.status,
    evalSetId: entity.evalSetId,
    connectionId: entity.connectionId,
    collection: entity.collection,
    vectorField: entity.vectorField,
    k: entity.k,
    jobId: entity.jobId,
    params: { ...entity.params },
    summary: entity.summary,
    error: entity.error,
    createdAt: entity.createdAt.toISOString(),
    finishedAt: entity.finishedAt?.toISOString() ?? null,
  };
}

function runId(entity: EvaluationEntity): string {
  return `ragscope-${entity.id.slice(0, 8)}`;
}

function describe(entity: EvaluationEntity) {
  return { evaluationId: entity.id, name: entity.name, collection: entity.collection, vectorField: entity.vectorField, k: entity.k };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'evaluation';
}

/** The judge's stored parameters; the passage text comes from a payload field the collection has. */
function judgeParams(judge: JudgeDto, info: CollectionInfo): NonNullable<EvaluationParams['judge']> {
  const textField = judge.textField ?? info.textField;
  if (!textField) {
    throw new BadRequestException(`judge: collection "${info.name}" has no recognisable text field; name the payload field with the passage text in judge.textField`);
  }
  if (judge.textField && info.payloadFields.length && !info.payloadFields.some((f) => f.name === judge.textField)) {
    throw new BadRequestException(`judge.textField: collection "${info.name}" has no payload field "${judge.textField}" (its fields: ${info.payloadFields.map((f) => f.name).join(', ')})`);
  }
  return { baseUrl: judge.baseUrl, model: judge.model, topN: judge.topN ?? DEFAULT_JUDGE_TOP_N, textField };
}

function validateLlmConfig(create: () => unknown, what: string): void {
  try {
    create();
  } catch (error) {
    if (error instanceof LlmError) throw new BadRequestException(`${what}: ${error.message}`);
    throw error;
  }
}
