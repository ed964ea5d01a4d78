import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FILE_FIELDS, type UploadedFile, type UploadedFiles as Files } from './eval-set-files';
import { CreateEvalSetDto, EvalSetCreatedDto, EvalSetDetailDto, EvalSetDto, UPLOAD_SCHEMA, VECTORS_SCHEMA } from './evalsets.dto';
import { EvalSetsService } from './evalsets.service';

const fileFields = FILE_FIELDS.map((name) => ({ name, maxCount: 1 }));

/** multer's { field: [file] } as { field: file }. */
function single(files: Record<string, UploadedFile[] | undefined> | undefined): Files {
  return Object.fromEntries(Object.entries(files ?? {}).map(([field, list]) => [field, list?.[0]])) as Files;
}

@ApiTags('evalsets')
@Controller('evalsets')
export class EvalSetsController {
  constructor(private readonly evalSets: EvalSetsService) {}

  @Post()
  @UseInterceptors(FileFieldsInterceptor(fileFields))
  @ApiOperation({
    summary: 'Import an eval set (multipart): BEIR (queries + qrels [+ corpus]), TREC (topics + qrels), JSONL or CSV (file); optional precomputed query vectors (vectors + vector_ids)',
    description: 'Every file is validated first; problems come back as 400 with their line numbers, file by file, and nothing is stored.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiCreatedResponse({ type: EvalSetCreatedDto })
  create(@Body() body: CreateEvalSetDto, @UploadedFiles() files: Record<string, UploadedFile[]> | undefined) {
    return this.evalSets.create(body.name, body.format, single(files));
  }

  @Get()
  @ApiOkResponse({ type: [EvalSetDto] })
  list() {
    return this.evalSets.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'An eval set: counts, dimension of its query vectors, sample queries' })
  @ApiOkResponse({ type: EvalSetDetailDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evalSets.get(id);
  }

  @Post(':id/vectors')
  @HttpCode(200)
  @UseInterceptors(FileFieldsInterceptor(fileFields))
  @ApiOperation({ summary: 'Attach precomputed query vectors: raw little-endian float32 rows (vectors) + one query id per line (vector_ids); replaces earlier ones' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: VECTORS_SCHEMA })
  @ApiOkResponse({ type: EvalSetCreatedDto })
  attachVectors(@Param('id', new ParseUUIDPipe()) id: string, @UploadedFiles() files: Record<string, UploadedFile[]> | undefined) {
    return this.evalSets.attachVectors(id, single(files));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an eval set with its evaluations (409 while one of them is running)' })
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.evalSets.remove(id);
  }
}
