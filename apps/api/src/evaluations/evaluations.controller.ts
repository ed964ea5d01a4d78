import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CompareQuery, CreateEvaluationDto, EvaluationDetailDto, EvaluationDto, ExportQuery, ListEvaluationsQuery } from './evaluations.dto';
import { EvaluationsService } from './evaluations.service';

@ApiTags('evaluations')
@Controller('evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Evaluate an eval set against a collection: a job (kind "evaluation") searches the top k of every query and scores the run with trec_eval conventions (-c)',
    description: 'Unknown eval set, connection or collection: 404; a vector field that does not exist or does not match the query vectors: 400. Follow progress at /api/jobs/{jobId}/events.',
  })
  @ApiAcceptedResponse({ type: EvaluationDetailDto })
  create(@Body() body: CreateEvaluationDto) {
    return this.evaluations.create(body);
  }

  @Get()
  @ApiOkResponse({ type: [EvaluationDto] })
  list(@Query() query: ListEvaluationsQuery) {
    return this.evaluations.list(query);
  }

  // declared before :id so that "compare" is not read as an id
  @Get('compare')
  @ApiOperation({ summary: 'Compare two evaluations of the same eval set: per-measure differences (b − a) with paired randomization and t-test p-values, queries that got better or worse' })
  compare(@Query() query: CompareQuery) {
    return this.evaluations.compare(query.a, query.b, query.measure);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, job progress, parameters and headline measures' })
  @ApiOkResponse({ type: EvaluationDetailDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evaluations.get(id);
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'The report: measures with 95% bootstrap CIs (1,000 resamples, seeded), per-query rows, worst and failing queries (409 until the evaluation has succeeded)' })
  report(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evaluations.report(id);
  }

  @Get(':id/export')
  @ApiOperation({ summary: 'Download the report: json, csv (per query), trec (the run file) or html (one self-contained file with inline SVG charts)' })
  @ApiProduces('application/json', 'text/csv', 'text/plain', 'text/html')
  async export(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: ExportQuery, @Res({ passthrough: true }) response: Response): Promise<string> {
    const file = await this.evaluations.export(id, query.format ?? 'json');
    response.setHeader('content-type', file.contentType);
    response.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a queued or running evaluation (202, the evaluation), or delete a finished one with its run (204)' })
  @ApiAcceptedResponse({ type: EvaluationDetailDto })
  @ApiNoContentResponse()
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: Response): Promise<EvaluationDetailDto | undefined> {
    const outcome = await this.evaluations.cancelOrDelete(id);
    response.status(outcome.cancelled ? 202 : 204);
    return outcome.evaluation;
  }
}
