import { Controller, Delete, Get, Param, ParseUUIDPipe, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { concat, defer, from, map, takeWhile, type Observable } from 'rxjs';
import { ListJobsQuery, JobDto } from './jobs.dto';
import { FINISHED_STATUSES } from './job.entity';
import { JobsService } from './jobs.service';
import type { JobView } from './jobs.types';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Jobs, newest first' })
  @ApiOkResponse({ type: [JobDto] })
  list(@Query() query: ListJobsQuery): Promise<JobView[]> {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<JobView> {
    return this.jobs.get(id);
  }

  @Sse(':id/events')
  @ApiOperation({ summary: 'Progress as Server-Sent Events: the current state, then every change until the job finishes' })
  events(@Param('id', new ParseUUIDPipe()) id: string): Observable<MessageEvent> {
    const current = defer(() => from(this.jobs.get(id)));
    return concat(current, this.jobs.watch(id)).pipe(
      takeWhile((view) => !FINISHED_STATUSES.includes(view.status), true),
      map((view) => ({ type: 'progress', data: view })),
    );
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a queued or running job' })
  @ApiOkResponse({ type: JobDto })
  cancel(@Param('id', new ParseUUIDPipe()) id: string): Promise<JobView> {
    return this.jobs.cancel(id);
  }
}
