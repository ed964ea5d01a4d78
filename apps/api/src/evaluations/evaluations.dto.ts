import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { REPORT_EXPORT_FORMATS, type ReportExportFormat } from '@ragscope/retrieval';
import { JobDto } from '../jobs/jobs.dto';
import type { JobStatus } from '../jobs/job.entity';

const STATUSES: JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** An OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, TEI…); the key is used for the run and never stored. */
export class LlmEndpointDto {
  @ApiProperty({ example: 'http://localhost:11434/v1', description: 'the prefix before /embeddings and /chat/completions' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  baseUrl!: string;

  @ApiProperty({ example: 'nomic-embed-text' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  model!: string;

  @ApiPropertyOptional({ writeOnly: true, description: 'sent to the endpoint only; never stored or returned' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  apiKey?: string;
}

export class EmbedderDto extends LlmEndpointDto {
  @ApiPropertyOptional({ description: 'ask for shortened embeddings (text-embedding-3-*)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_536)
  dimensions?: number;
}

export class JudgeDto extends LlmEndpointDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, description: 'judge the top N retrieved passages of each query' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  topN?: number;

  @ApiPropertyOptional({ description: 'payload field holding the passage text; default: the collection’s text field' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  textField?: string;
}

export class CreateEvaluationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  evalSetId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  connectionId!: string;

  @ApiProperty({ example: 'cranfield' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  collection!: string;

  @ApiPropertyOptional({ description: 'vector field to search; default: the collection’s only dense vector field' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  vectorField?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  k?: number;

  @ApiPropertyOptional({ type: EmbedderDto, description: 'embed query texts through this endpoint (instead of precomputed query vectors)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmbedderDto)
  embedder?: EmbedderDto;

  @ApiPropertyOptional({ type: JudgeDto, description: 'grade the retrieved passages with an LLM judge (context relevance)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => JudgeDto)
  judge?: JudgeDto;

  @ApiPropertyOptional({ example: 'minilm exact' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}

export class ListEvaluationsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() evalSetId?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: JobStatus;
}

export class ExportQuery {
  @ApiPropertyOptional({ enum: REPORT_EXPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_EXPORT_FORMATS)
  format?: ReportExportFormat;
}

export class CompareQuery {
  @ApiProperty({ format: 'uuid', description: 'baseline evaluation' }) @IsUUID() a!: string;
  @ApiProperty({ format: 'uuid', description: 'evaluation compared with the baseline (differences are b − a)' }) @IsUUID() b!: string;
  @ApiPropertyOptional({ description: 'measure the better/worse queries are listed by; default ndcg_cut_10' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  measure?: string;
}

export class ReportMeasureDto {
  @ApiProperty({ example: 'ndcg_cut_10' }) name!: string;
  @ApiProperty({ enum: ['mean', 'sum'] }) aggregate!: 'mean' | 'sum';
  @ApiProperty() value!: number;
  @ApiPropertyOptional({ type: 'object', properties: { lower: { type: 'number' }, upper: { type: 'number' } } }) ci?: { lower: number; upper: number };
}

export class EvaluationSummaryDto {
  @ApiProperty() queryCount!: number;
  @ApiProperty({ description: 'queries with no relevant document in the top k' }) failingCount!: number;
  @ApiProperty({ description: 'judged queries the database returned nothing for (scored 0)' }) missingCount!: number;
  @ApiProperty({ type: [ReportMeasureDto] }) measures!: ReportMeasureDto[];
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STATUSES }) status!: JobStatus;
  @ApiProperty({ format: 'uuid' }) evalSetId!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty() collection!: string;
  @ApiProperty({ nullable: true }) vectorField!: string | null;
  @ApiProperty() k!: number;
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) params!: Record<string, unknown>;
  @ApiProperty({ type: EvaluationSummaryDto, nullable: true }) summary!: EvaluationSummaryDto | null;
  @ApiProperty({ nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class EvaluationDetailDto extends EvaluationDto {
  @ApiProperty({ type: JobDto, nullable: true, description: 'the job: stage and progress (null once the job row is gone)' }) job!: JobDto | null;
}
