import { BadRequestException, Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, Sse, StreamableFile, type MessageEvent } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MAP_POINTS_MEDIA_TYPE } from '@ragscope/retrieval';
import type { Request, Response } from 'express';
import { from, map, switchMap, type Observable } from 'rxjs';
import { toProgressEvent } from '../jobs/jobs.controller';
import { JobsService } from '../jobs/jobs.service';
import { CreateProjectionDto, TransformDto } from './projections.dto';
import { ProjectionsService } from './projections.service';
import { PointColumnsService } from './point-columns.service';
import { QueryOverlayService } from './query-overlay.service';
import { TransformService } from './transform.service';
import { QueryOverlayQuery, RetrievalCountsQuery } from './projections.dto';

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly transformer: TransformService,
    private readonly overlays: QueryOverlayService,
    private readonly columns: PointColumnsService,
    private readonly jobs: JobsService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start building an embedding map of a collection (a job: stream → kNN → UMAP → clusters → labels)' })
  @ApiAcceptedResponse({ description: 'the projection with its job id; follow GET /api/projections/:id/events' })
  create(@Body() body: CreateProjectionDto) {
    return this.projections.create(body);
  }

  @Get()
  list() {
    return this.projections.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, progress with stage names, params, point count, trustworthiness, timings per stage' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.projections.get(id);
  }

  @Sse(':id/events')
  @ApiOperation({ summary: 'Progress as Server-Sent Events until the job finishes' })
  events(@Param('id', new ParseUUIDPipe()) id: string): Observable<MessageEvent> {
    return from(this.projections.jobId(id)).pipe(
      switchMap((jobId) => this.jobs.progress(jobId)),
      map(toProgressEvent),
    );
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a running projection, or delete a finished one' })
  remove(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.projections.remove(id);
  }

  @Get(':id/points')
  @ApiProduces(MAP_POINTS_MEDIA_TYPE)
  @Header('Content-Type', MAP_POINTS_MEDIA_TYPE)
  @Header('Cache-Control', 'private, max-age=3600')
  @ApiOperation({ summary: 'Map points as an Apache Arrow IPC stream: id (utf8), x, y[, z] (float32), cluster (int32, -1 = noise); gzip when accepted' })
  async points(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const { body, gzip } = await this.projections.points(id, acceptsGzip);
    if (gzip) response.setHeader('Content-Encoding', 'gzip');
    response.setHeader('Vary', 'Accept-Encoding');
    return new StreamableFile(body);
  }

  @Get(':id/clusters')
  @ApiOperation({ summary: 'Clusters: label, terms, size, centroid, top payload values' })
  clusters(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.projections.clusterList(id);
  }

  @Get(':id/queries')
  @ApiProduces(MAP_POINTS_MEDIA_TYPE)
  @Header('Content-Type', MAP_POINTS_MEDIA_TYPE)
  @ApiOperation({
    summary:
      "Queries placed on the map (Arrow IPC): the collection's retrieval events, or an evaluation's queries with ?evaluation=. Columns id, query, x, y[, z], started_at (ms), failed (span error, or no relevant document in the evaluation's top k), retrieved (map indices by rank, -1 = not on the map), scores, missing, missing_ids",
  })
  async queries(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: QueryOverlayQuery, @Res({ passthrough: true }) response: Response) {
    if (query.evaluation && (query.from || query.to || query.limit)) {
      throw new BadRequestException('from, to and limit select retrieval events; an evaluation places all of its queries, so leave them out');
    }
    const result = query.evaluation
      ? await this.overlays.evaluationOverlay(id, query.evaluation)
      : await this.overlays.overlay(id, {
          ...(query.from ? { from: new Date(query.from) } : {}),
          ...(query.to ? { to: new Date(query.to) } : {}),
          limit: query.limit ?? 10_000,
        });
    response.setHeader('X-Ragscope-Queries', String(result.queries));
    response.setHeader('X-Ragscope-Skipped', String(result.skipped));
    response.setHeader('X-Ragscope-Embedded', String(result.embedded));
    return new StreamableFile(result.body);
  }

  @Get(':id/fields/:field')
  @ApiProduces(MAP_POINTS_MEDIA_TYPE)
  @Header('Content-Type', MAP_POINTS_MEDIA_TYPE)
  @Header('Cache-Control', 'private, max-age=60')
  @ApiOperation({
    summary:
      "One payload field for every map point, in map order (Arrow IPC): float64 'value' (NaN = none) when every value is a number, else int32 'code' (-1 = none) into the JSON list of names in the schema metadata 'ragscope.categories'",
  })
  async field(@Param('id', new ParseUUIDPipe()) id: string, @Param('field') field: string) {
    if (field.length > 200) throw new BadRequestException('a payload field name has at most 200 characters');
    return new StreamableFile(await this.columns.field(id, field));
  }

  @Get(':id/retrieval-counts')
  @ApiProduces(MAP_POINTS_MEDIA_TYPE)
  @Header('Content-Type', MAP_POINTS_MEDIA_TYPE)
  @ApiOperation({
    summary:
      "How many times the collection's retrieval events (in from..to) retrieved each map point, in map order (Arrow IPC, float64 'value'); X-Ragscope-Events says how many events were counted",
  })
  async retrievalCounts(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: RetrievalCountsQuery, @Res({ passthrough: true }) response: Response) {
    const { body, events } = await this.columns.retrievalCounts(id, { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) });
    response.setHeader('X-Ragscope-Events', String(events));
    return new StreamableFile(body);
  }

  @Post(':id/transform')
  @HttpCode(200)
  @ApiOperation({ summary: 'Place new points (vectors, or texts embedded with the configured embedder) on the finished map' })
  transform(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransformDto) {
    return this.transformer.transform(id, body);
  }
}
