import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventDetailDto, EventPageDto, EventsOverviewDto, EventsSummaryQuery, GetEventQuery, ListEventsQuery } from './events.dto';
import { EventsService } from './events.service';
import { EventIdPipe } from './event-id.pipe';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Retrieval events from ingested spans, newest first (keyset pages)' })
  @ApiOkResponse({ type: EventPageDto })
  list(@Query() query: ListEventsQuery): Promise<EventPageDto> {
    return this.events.list(query);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Counts per collection; with connectionId and collection, the retrieved ids the collection does not have' })
  @ApiOkResponse({ type: EventsOverviewDto })
  summary(@Query() query: EventsSummaryQuery): Promise<EventsOverviewDto> {
    return this.events.overview(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One retrieval event with its documents; with connectionId, their payloads and the ids the collection does not have' })
  @ApiOkResponse({ type: EventDetailDto })
  get(@Param('id', EventIdPipe) id: string, @Query() query: GetEventQuery): Promise<EventDetailDto> {
    return this.events.get(id, query);
  }
}

