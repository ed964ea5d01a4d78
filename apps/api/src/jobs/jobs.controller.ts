import { Controller, Delete, Get, Param, ParseUUIDPipe, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { ListJobsQuery, JobDto } from './jobs.dto';
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
    return this.jobs.progress(id).pipe(map(toProgressEvent));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a queued or running job' })
  @ApiOkResponse({ type: JobDto })
  cancel(@Param('id', new ParseUUIDPipe()) id: string): Promise<JobView> {
    return this.jobs.cancel(id);
  }
}

export function toProgressEvent(view: JobView): MessageEvent {
  return { type: 'progress', data: view };
}
