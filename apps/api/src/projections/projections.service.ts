import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BadRequestException, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  buildEmbeddingMap,
  decodeMapPoints,
  encodeMapPoints,
  ProjectionModel,
  type ProjectionView,
  chooseVectorField,
} from '@ragscope/retrieval';
import { DataSource, Repository } from 'typeorm';
import { ConnectionsService } from '../connections/connections.service';
import { BlobRepository } from '../database/blob.repository';
import { FINISHED_STATUSES } from '../jobs/job.entity';
import { JobsService } from '../jobs/jobs.service';
import type { JobContext, JobView } from '../jobs/jobs.types';

export type { ProjectionView };
import { summarizeClusters } from './cluster-summaries';
import { collectVectors } from './collect-vectors';
import { ProjectionClusterEntity, ProjectionEntity, type ProjectionParams } from './projection.entity';
import type { CreateProjectionDto } from './projections.dto';

export const PROJECTION_JOB = 'projection';
const pointsKey = (id: string) => `projection/${id}/points.arrow.gz`;
const modelKey = (id: string) => `projection/${id}/model.bin`;
/** categorical payload fields summarised per cluster */
const MAX_CATEGORICAL_FIELDS = 6;


@Injectable()
export class ProjectionsService implements OnModuleInit {
  private readonly logger = new Logger('Projections');

  constructor(
    @InjectRepository(ProjectionEntity) private readonly projections: Repository<ProjectionEntity>,
    @InjectRepository(ProjectionClusterEntity) private readonly clusters: Repository<ProjectionClusterEntity>,
    private readonly blobs: BlobRepository,
    private readonly jobs: JobsService,
    private readonly connections: ConnectionsService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ projectionId: string }, Record<string, unknown>>(PROJECTION_JOB, (context) => this.build(context));
  }

  /** Checks everything that can be checked before the job starts, so mistakes come back as 4xx now. */
  async create(input: CreateProjectionDto): Promise<ProjectionView> {
    await this.connections.get(input.connectionId);
    const store = await this.connections.store(input.connectionId);
    const info = await store.describe(input.collection);
    const field = chooseVectorField(info, input.vectorField);
    const umap = {
      nNeighbors: input.umap?.nNeighbors ?? 15,
      minDist: input.umap?.minDist ?? 0.1,
      spread: input.umap?.spread ?? 1,
      nComponents: input.umap?.nComponents ?? 2,
      ...(input.umap?.nEpochs ? { nEpochs: input.umap.nEpochs } : {}),
      seed: input.umap?.seed ?? 42,
      metric: input.umap?.metric ?? (field.distance === 'euclidean' ? 'euclidean' : 'cosine'),
    } as ProjectionParams['umap'];
    const warnings: string[] = [];
    let sample = input.sample;
    if (sample !== undefined && info.pointCount > 0 && sample >= info.pointCount) {
      warnings.push(`sample ${sample} is not smaller than the collection (${info.pointCount} points): mapping every point`);
      sample = undefined;
    }
    const points = sample ?? info.pointCount;
    if (points < umap.nNeighbors + 1) {
      throw new BadRequestException({
        message: `a map needs more points than nNeighbors: "${input.collection}" has ${info.pointCount} point(s)${sample ? `, sample ${sample}` : ''}, nNeighbors is ${umap.nNeighbors}; add points or lower umap.nNeighbors to at most ${Math.max(1, points - 1)}`,
        details: { pointCount: info.pointCount, sample: sample ?? null, nNeighbors: umap.nNeighbors },
      });
    }
    const params: ProjectionParams = {
      ...(sample ? { sample } : {}),
      umap,
      cluster: input.cluster?.enabled === false ? false : { ...(input.cluster?.minClusterSize ? { minClusterSize: input.cluster.minClusterSize } : {}), ...(input.cluster?.minSamples ? { minSamples: input.cluster.minSamples } : {}) },
      ...(input.umap?.pcaComponents !== undefined ? { pcaComponents: input.umap.pcaComponents } : {}),
    };
    const id = randomUUID();
    const job = await this.jobs.enqueue(PROJECTION_JOB, { projectionId: id }, async (jobId) => {
      await this.projections.save(
        this.projections.create({
          id, jobId, connectionId: input.connectionId, collection: input.collection, vectorField: field.name,
          textField: info.textField ?? null, params, pointCount: null, dimension: field.dimension,
          nComponents: umap.nComponents, trustworthiness: null, timings: null, warnings,
        }),
      );
    });
    return this.view(await this.load(id), job);
  }

  async list(): Promise<ProjectionView[]> {
    const rows = await this.projections.find({ order: { createdAt: 'DESC' }, take: 200 });
    return Promise.all(rows.map(async (row) => this.view(row, await this.jobs.get(row.jobId))));
  }

  async get(id: string): Promise<ProjectionView> {
    const row = await this.load(id);
    return this.view(row, await this.jobs.get(row.jobId));
  }

  /** The job id behind a projection, for progress events. */
  async jobId(id: string): Promise<string> {
    return (await this.load(id)).jobId;
  }

  /** Cancels a running projection, or deletes a finished one with everything it stored. */
  async remove(id: string): Promise<{ deleted: boolean; cancelled: boolean }> {
    const row = await this.load(id);
    const job = await this.jobs.get(row.jobId);
    if (!FINISHED_STATUSES.includes(job.status)) {
      await this.jobs.cancel(row.jobId);
      return { deleted: false, cancelled: true };
    }
    await this.dataSource.transaction(async (tx) => {
      await tx.delete(ProjectionClusterEntity, { projectionId: id });
      await tx.delete(ProjectionEntity, { id });
    });
    await this.blobs.deletePrefix(`projection/${id}/`);
    return { deleted: true, cancelled: false };
  }

  /** The map points as Arrow IPC, gzip-compressed unless the client cannot take gzip. */
  async points(id: string, acceptsGzip: boolean): Promise<{ body: Buffer; gzip: boolean }> {
    const stored = await this.blobs.get(pointsKey(await this.finishedId(id)));
    if (!stored) throw new NotFoundException(`projection ${id} has no stored points`);
    return acceptsGzip ? { body: stored, gzip: true } : { body: gunzipSync(stored), gzip: false };
  }

  /** Each point id of the finished map with its row: the index the map's columns and overlays use. */
  async pointRows(id: string): Promise<Map<string, number>> {
    const stored = await this.blobs.get(pointsKey(await this.finishedId(id)));
    if (!stored) throw new NotFoundException(`projection ${id} has no stored points`);
    return new Map(decodeMapPoints(gunzipSync(stored)).ids.map((pointId, row) => [pointId, row]));
  }

  async clusterList(id: string): Promise<ProjectionClusterEntity[]> {
    await this.finishedId(id);
    return this.clusters.find({ where: { projectionId: id }, order: { clusterId: 'ASC' } });
  }

  /** Places new vectors (n × dimension) on the finished map without refitting. */
  async transform(id: string, vectors: Float32Array): Promise<Float32Array> {
    const row = await this.load(id);
    await this.finishedId(id);
    if (!row.dimension || vectors.length % row.dimension !== 0 || vectors.length === 0) {
      throw new BadRequestException(`vectors must be n × ${row.dimension} float32 values; got ${vectors.length} values`);
    }
    for (let i = 0; i < vectors.length; i++) {
      if (!Number.isFinite(vectors[i])) throw new BadRequestException(`vector ${Math.floor(i / row.dimension)} contains NaN or Infinity`);
    }
    const bytes = await this.blobs.get(modelKey(id));
    if (!bytes) throw new NotFoundException(`projection ${id} has no stored model`);
    return ProjectionModel.fromBytes(new Uint8Array(bytes)).transform(vectors);
  }

  private async build({ params, signal, progress }: JobContext<{ projectionId: string }>): Promise<Record<string, unknown>> {
    const row = await this.load(params.projectionId);
    const store = await this.connections.store(row.connectionId);
    progress('describing the collection', 0);
    const info = await store.describe(row.collection);
    const field = chooseVectorField(info, row.vectorField);
    const expected = row.params.sample ?? info.pointCount;
    const categoricalFields = info.payloadFields
      .filter((f) => ['string', 'integer', 'boolean'].includes(f.type) && f.name !== info.textField)
      .slice(0, MAX_CATEGORICAL_FIELDS)
      .map((f) => f.name);

    const collected = await collectVectors(store, row.collection, {
      vectorField: field.name,
      dimension: field.dimension,
      expected,
      sample: row.params.sample,
      textField: info.textField,
      categoricalFields,
      signal,
      onProgress: (done) => progress('streaming vectors', 0.3 * Math.min(1, done / Math.max(1, expected))),
    });
    if (signal.aborted) throw new Error('cancelled');

    const stageWeights: Record<string, [number, number]> = { pca: [0.3, 0.35], knn: [0.35, 0.55], umap: [0.55, 0.9], clusters: [0.9, 0.94], labels: [0.94, 0.96], quality: [0.96, 0.99] };
    const stageNames: Record<string, string> = { pca: 'reducing dimensions (PCA)', knn: 'finding neighbours (kNN)', umap: 'laying out the map (UMAP)', clusters: 'clustering (HDBSCAN)', labels: 'labelling clusters', quality: 'measuring trustworthiness' };
    const map = await buildEmbeddingMap(
      collected.vectors,
      collected.dimension,
      {
        ...row.params.umap,
        ...(row.params.pcaComponents !== undefined ? { pcaComponents: row.params.pcaComponents } : {}),
        clustering: row.params.cluster === false ? false : row.params.cluster,
        ...(info.textField ? { texts: collected.texts } : {}),
        signal,
      },
      ({ stage, fraction }) => {
        const [from, to] = stageWeights[stage] ?? [0.3, 0.99];
        progress(stageNames[stage] ?? stage, from + (to - from) * fraction);
      },
    );

    progress('storing the map', 0.99);
    const kept = Array.from(map.keptRows);
    const n = kept.length;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    const z = map.nComponents === 3 ? new Float32Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      x[i] = map.coordinates[i * map.nComponents];
      y[i] = map.coordinates[i * map.nComponents + 1];
      if (z) z[i] = map.coordinates[i * map.nComponents + 2];
    }
    const ids = kept.map((r) => collected.ids[r]);
    const arrow = encodeMapPoints({ ids, x, y, ...(z ? { z } : {}), cluster: map.clusters });
    const keptFields = Object.fromEntries(Object.entries(collected.fields).map(([f, values]) => [f, kept.map((r) => values[r])]));
    const summaries = summarizeClusters(map.coordinates, map.nComponents, map.clusters, map.labels, keptFields);
    const warnings = [...row.warnings];
    if (map.excludedRows.length) {
      const shown = Array.from(map.excludedRows.slice(0, 20), (r) => collected.ids[r]).join(', ');
      warnings.push(`${map.excludedRows.length} all-zero vector(s) have no direction under cosine and were left out: ${shown}${map.excludedRows.length > 20 ? ', …' : ''}`);
    }

    await this.blobs.put(pointsKey(row.id), gzipSync(arrow, { level: 6 }));
    await this.blobs.put(modelKey(row.id), map.model.toBytes());
    await this.dataSource.transaction(async (tx) => {
      await tx.delete(ProjectionClusterEntity, { projectionId: row.id });
      if (summaries.length) await tx.insert(ProjectionClusterEntity, summaries.map((s) => ({ projectionId: row.id, ...s })));
      await tx.update(ProjectionEntity, { id: row.id }, {
        pointCount: n,
        dimension: collected.dimension,
        trustworthiness: map.trustworthiness?.value ?? null,
        timings: Object.fromEntries(Object.entries(map.timings).map(([k, v]) => [k, Math.round(v)])),
        warnings,
      });
    });
    this.logger.log(`projection ${row.id}: ${n} points, ${summaries.length} clusters, trustworthiness ${map.trustworthiness?.value.toFixed(3) ?? 'n/a'}, ${Math.round(map.timings.total)} ms`);
    return { projectionId: row.id, pointCount: n, clusters: summaries.length, trustworthiness: map.trustworthiness?.value ?? null };
  }

  private async finishedId(id: string): Promise<string> {
    const row = await this.load(id);
    const job = await this.jobs.get(row.jobId);
    if (job.status !== 'succeeded') {
      throw new NotFoundException({ message: `projection ${id} is ${job.status}${job.error ? `: ${job.error}` : ''}; its points exist once it has succeeded`, details: { status: job.status } });
    }
    return id;
  }

  private async load(id: string): Promise<ProjectionEntity> {
    const row = await this.projections.findOne({ where: { id } });
    if (!row) throw new NotFoundException(`projection ${id} does not exist`);
    return row;
  }

  private view(row: ProjectionEntity, job: JobView): ProjectionView {
    return {
      id: row.id,
      connectionId: row.connectionId,
      collection: row.collection,
      vectorField: row.vectorField,
      textField: row.textField,
      params: row.params,
      status: job.status,
      stage: job.stage,
      progress: job.progress,
      error: job.error,
      jobId: row.jobId,
      pointCount: row.pointCount,
      dimension: row.dimension,
      nComponents: row.nComponents,
      trustworthiness: row.trustworthiness,
      timings: row.timings,
      warnings: row.warnings,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
