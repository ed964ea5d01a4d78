import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CollectionsService } from './collections.service';
import { ConnectionDto, ConnectionTestDto, CreateConnectionDto, GetPointQuery, ListPointsQuery, UpdateConnectionDto } from './connections.dto';
import { ConnectionsService } from './connections.service';

@ApiTags('connections')
@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly collections: CollectionsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Connect a vector database: validated, pinged, then stored with its secrets encrypted' })
  @ApiCreatedResponse({ type: ConnectionDto })
  create(@Body() body: CreateConnectionDto) {
    return this.connections.create(body);
  }

  @Get()
  @ApiOkResponse({ type: [ConnectionDto] })
  list() {
    return this.connections.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: ConnectionDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.connections.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a connection; a secret left out is kept, null removes it' })
  @ApiOkResponse({ type: ConnectionDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateConnectionDto) {
    return this.connections.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.connections.remove(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ping the database with the stored settings' })
  @ApiOkResponse({ type: ConnectionTestDto })
  test(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.connections.test(id);
  }

  @Get(':id/collections')
  @ApiOperation({ summary: 'Collections with vector fields (dimension, metric) and point counts' })
  listCollections(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.collections.list(id);
  }

  @Get(':id/collections/:name')
  @ApiOperation({ summary: 'Describe a collection: vector fields, point count, payload fields, text field' })
  describe(@Param('id', new ParseUUIDPipe()) id: string, @Param('name') name: string) {
    return this.collections.describe(id, name);
  }

  @Get(':id/collections/:name/points')
  @ApiOperation({ summary: 'Browse points page by page (payloads; vectors only when asked)' })
  points(@Param('id', new ParseUUIDPipe()) id: string, @Param('name') name: string, @Query() query: ListPointsQuery) {
    return this.collections.points(id, name, {
      limit: query.limit ?? 50,
      cursor: query.cursor,
      withVectors: query.withVectors ?? false,
      vectorField: query.vectorField,
    });
  }

  @Get(':id/collections/:name/points/:pointId')
  point(@Param('id', new ParseUUIDPipe()) id: string, @Param('name') name: string, @Param('pointId') pointId: string, @Query() query: GetPointQuery) {
    return this.collections.point(id, name, pointId, { withVectors: query.withVectors ?? false, vectorField: query.vectorField });
  }
}
