import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { EvalQuery, Qrels } from '@ragscope/retrieval';
import { DataSource, Repository } from 'typeorm';
import { EvalQueriesRepository, type StoredQuery } from './eval-queries.repository';
import { EvalSetEntity, type EvalSetFormat, type EvalSetSources } from './eval-set.entity';
import { attachVectors, FILE_FIELDS, parseUpload, readVectors, UploadProblems, type FileProblems, type UploadedFile, type UploadedFiles } from './eval-set-files';
import type { EvalSetCreatedDto, EvalSetDetailDto, EvalSetDto } from './evalsets.dto';

/** What an evaluation needs of an eval set. */
export interface LoadedEvalSet {
  id: string;
  name: string;
  queries: EvalQuery[];
  qrels: Qrels;
  dimension: number | null;
}

/** Asked before an eval set is deleted; a reason stops the deletion (409). */
export type DeleteGuard = (evalSetId: string) => Promise<string | undefined>;

const SAMPLE_QUERIES = 5;

@Injectable()
export class EvalSetsService {
  private readonly logger = new Logger('EvalSets');
  private readonly deleteGuards: DeleteGuard[] = [];

  constructor(
    @InjectRepository(EvalSetEntity) private readonly evalSets: Repository<EvalSetEntity>,
    private readonly queries: EvalQueriesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Other modules (evaluations) refuse deletions while they use an eval set. */
  addDeleteGuard(guard: DeleteGuard): void {
    this.deleteGuards.push(guard);
  }

  /** Validates every file, then stores the set in one transaction: a file with problems stores nothing. */
  async create(name: string, format: EvalSetFormat, files: UploadedFiles): Promise<EvalSetCreatedDto> {
    const parsed = this.parse(() => parseUpload(format, files));
    const id = randomUUID();
    const stored: StoredQuery[] = parsed.queries.map((q) => ({
      queryId: q.id,
      text: q.text,
      judgments: [...parsed.qrels.get(q.id)!],
      vector: q.vector ?? null,
    }));
    const entity = this.evalSets.create({ id, name, format, ...counts(stored), dimension: parsed.dimension, sources: sourcesOf(files) });
    entity.dimension = entity.vectorCount ? parsed.dimension : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.save(entity);
      await this.queries.insert(manager, id, stored);
    });
    this.logger.log(`eval set "${name}" (${format}): ${entity.queryCount} queries, ${entity.judgmentCount} judgments, ${entity.vectorCount} vectors`);
    const detail = await this.get(id);
    return { ...detail, unmatchedVectorIds: parsed.unmatchedVectorIds, ...(parsed.corpusCount !== undefined ? { corpusCount: parsed.corpusCount } : {}) };
  }

  /** Replaces the precomputed query vectors of a set (queries the ids file does not name are left without one). */
  async attachVectors(id: string, files: UploadedFiles): Promise<EvalSetCreatedDto> {
    const entity = await this.load(id);
    const problems = FILE_FIELDS.filter((f) => files[f] && f !== 'vectors' && f !== 'vector_ids');
    if (problems.length) throw new BadRequestException(`this endpoint takes only "vectors" and "vector_ids" files, not ${problems.join(', ')}`);
    if (!files.vectors || !files.vector_ids) {
      throw this.badUpload(new UploadProblems([{ file: files.vectors ? 'vector_ids' : 'vectors', problems: [{ line: 0, message: 'both "vectors" (raw float32) and "vector_ids" (one query id per line) are required' }] }]));
    }
    const queryIds = await this.queries.queryIds(id);
    const queries: EvalQuery[] = queryIds.map((qid) => ({ id: qid, text: '' }));
    const { dimension, unmatched } = this.parse(() => {
      const problems: FileProblems[] = [];
      const vectors = readVectors(files.vectors!, files.vector_ids!, problems);
      if (!vectors) throw new UploadProblems(problems);
      return attachVectors(queries, vectors);
    });
    const vectors = new Map(queries.map((q) => [q.id, q.vector ?? null]));
    entity.vectorCount = queries.filter((q) => q.vector).length;
    entity.dimension = dimension;
    entity.sources = { ...entity.sources, ...sourcesOf({ vectors: files.vectors, vector_ids: files.vector_ids }) };
    await this.dataSource.transaction(async (manager) => {
      await this.queries.setVectors(manager, id, vectors);
      await manager.save(entity);
    });
    return { ...(await this.get(id)), unmatchedVectorIds: unmatched };
  }

  async list(): Promise<EvalSetDto[]> {
    const rows = await this.evalSets.find({ order: { createdAt: 'DESC' } });
    return rows.map(toDto);
  }

  async get(id: string): Promise<EvalSetDetailDto> {
    const entity = await this.load(id);
    const sample = await this.queries.list(id, { limit: SAMPLE_QUERIES, withVectors: true });
    return {
      ...toDto(entity),
      sampleQueries: sample.map((q) => ({
        id: q.queryId,
        text: q.text,
        relevant: q.judgments.filter(([, g]) => g >= 1).length,
        judged: q.judgments.length,
        hasVector: q.vector !== null,
      })),
    };
  }

  async remove(id: string): Promise<void> {
    const entity = await this.load(id);
    for (const guard of this.deleteGuards) {
      const reason = await guard(id);
      if (reason) throw new ConflictException(reason);
    }
    // eval_queries and evaluations go with it (ON DELETE CASCADE)
    await this.evalSets.remove(entity);
  }

  async load(id: string): Promise<EvalSetEntity> {
    const entity = await this.evalSets.findOne({ where: { id } });
    if (!entity) throw new NotFoundException(`eval set ${id} does not exist`);
    return entity;
  }

  /** Queries (with vectors when stored) and judgments, for an evaluation. */
  async loadForEvaluation(id: string): Promise<LoadedEvalSet> {
    const entity = await this.load(id);
    const rows = await this.queries.list(id, { withVectors: true });
    return {
      id,
      name: entity.name,
      queries: rows.map((r) => (r.vector ? { id: r.queryId, text: r.text, vector: r.vector } : { id: r.queryId, text: r.text })),
      qrels: new Map(rows.map((r) => [r.queryId, new Map(r.judgments)])),
      dimension: entity.dimension,
    };
  }

  private parse<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof UploadProblems) throw this.badUpload(error);
      throw error;
    }
  }

  private badUpload(error: UploadProblems): BadRequestException {
    return new BadRequestException({ error: 'Bad Request', message: `The eval set files have problems; nothing was stored. ${error.message}`, details: error.files });
  }
}

function counts(queries: readonly StoredQuery[]) {
  let judgmentCount = 0;
  let relevantCount = 0;
  let maxGrade = 0;
  for (const q of queries) {
    judgmentCount += q.judgments.length;
    for (const [, grade] of q.judgments) {
      if (grade >= 1) relevantCount++;
      if (grade > maxGrade) maxGrade = grade;
    }
  }
  return { queryCount: queries.length, judgmentCount, relevantCount, maxGrade, vectorCount: queries.filter((q) => q.vector).length };
}

function sourcesOf(files: UploadedFiles): EvalSetSources {
  const sources: EvalSetSources = {};
  for (const [field, file] of Object.entries(files) as [string, UploadedFile | undefined][]) {
    if (file) sources[field] = { filename: file.originalname, bytes: file.size };
  }
  return sources;
}

function toDto(entity: EvalSetEntity): EvalSetDto {
  return {
    id: entity.id,
    name: entity.name,
    format: entity.format,
    queryCount: entity.queryCount,
    judgmentCount: entity.judgmentCount,
    relevantCount: entity.relevantCount,
    graded: entity.maxGrade > 1,
    vectorCount: entity.vectorCount,
    dimension: entity.dimension,
    sources: entity.sources,
    createdAt: entity.createdAt.toISOString(),
  };
}
