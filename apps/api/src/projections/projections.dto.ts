import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsISO8601, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested, ArrayMaxSize, ArrayMinSize, IsNotEmpty } from 'class-validator';

export class UmapParamsDto {
  @ApiPropertyOptional({ default: 15, minimum: 2, maximum: 200 }) @IsOptional() @IsInt() @Min(2) @Max(200) nNeighbors?: number;
  @ApiPropertyOptional({ default: 0.1, minimum: 0, maximum: 10 }) @IsOptional() @IsNumber() @Min(0) @Max(10) minDist?: number;
  @ApiPropertyOptional({ default: 1, minimum: 0.1, maximum: 10 }) @IsOptional() @IsNumber() @Min(0.1) @Max(10) spread?: number;
  @ApiPropertyOptional({ default: 2, enum: [2, 3] }) @IsOptional() @IsIn([2, 3]) nComponents?: number;
  @ApiPropertyOptional({ minimum: 10, maximum: 2000 }) @IsOptional() @IsInt() @Min(10) @Max(2000) nEpochs?: number;
  @ApiPropertyOptional({ default: 42 }) @IsOptional() @IsInt() @Min(0) @Max(2 ** 31 - 1) seed?: number;
  @ApiPropertyOptional({ default: 'cosine', enum: ['cosine', 'euclidean'] }) @IsOptional() @IsIn(['cosine', 'euclidean']) metric?: 'cosine' | 'euclidean';
  @ApiPropertyOptional({ description: 'PCA target dimension before kNN (0 = off; default 50 when d > 64)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(512)
  pcaComponents?: number;
}

export class ClusterParamsDto {
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ description: 'default ≈ √n, between 10 and 500' }) @IsOptional() @IsInt() @Min(2) @Max(100_000) minClusterSize?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1_000) minSamples?: number;
}

export class CreateProjectionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() connectionId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(255) collection!: string;
  @ApiPropertyOptional({ description: 'vector field; default: the first supported one' }) @IsOptional() @IsString() @MaxLength(255) vectorField?: string;
  @ApiPropertyOptional({ description: 'map a uniform random sample of this many points (clamped to the collection size)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5_000_000)
  sample?: number;
  @ApiPropertyOptional({ type: UmapParamsDto }) @IsOptional() @ValidateNested() @Type(() => UmapParamsDto) umap?: UmapParamsDto;
  @ApiPropertyOptional({ type: ClusterParamsDto }) @IsOptional() @ValidateNested() @Type(() => ClusterParamsDto) cluster?: ClusterParamsDto;
}

export class TransformDto {
  @ApiPropertyOptional({ description: 'query vectors: base64 of little-endian float32, n × dimension', type: String })
  @IsOptional()
  @IsString()
  vectors?: string;

  @ApiPropertyOptional({ description: 'texts to embed with the configured embedder', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  texts?: string[];
}

export class QueryOverlayQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "place this evaluation's queries (with the eval set's stored vectors) instead of retrieval events" })
  @IsOptional()
  @IsUUID()
  evaluation?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ default: 10_000, maximum: 100_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) limit?: number;
}

export class RetrievalCountsQuery {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() to?: string;
}
