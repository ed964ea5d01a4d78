import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { VectorStoreKind } from '@ragscope/retrieval';

const KINDS: VectorStoreKind[] = ['qdrant', 'milvus'];
/** host:port, or an http(s) URL with optional port and path */
const URL_PATTERN = /^(https?:\/\/[^\s/:]+(:\d{1,5})?(\/\S*)?|[^\s/:]+:\d{1,5})$/;
const URL_MESSAGE = 'url must look like http(s)://host[:port] (Qdrant, Zilliz Cloud) or host:port (Milvus)';

export class CreateConnectionDto {
  @ApiProperty({ example: 'prod docs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind!: VectorStoreKind;

  @ApiProperty({ example: 'http://localhost:6333' })
  @IsString()
  @MaxLength(2048)
  @Matches(URL_PATTERN, { message: URL_MESSAGE })
  url!: string;

  @ApiPropertyOptional({ description: 'Qdrant API key (write-only)', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  apiKey?: string;

  @ApiPropertyOptional({ description: 'Milvus / Zilliz token (write-only)', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  token?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  username?: string;

  @ApiPropertyOptional({ description: 'write-only', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  password?: string;

  @ApiPropertyOptional({ description: 'Milvus database' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  database?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  tls?: boolean;
}

/**
 * Every field optional. A secret (apiKey, token, password) that is absent stays as it is;
 * null removes it; a string replaces it.
 */
export class UpdateConnectionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2048) @Matches(URL_PATTERN, { message: URL_MESSAGE }) url?: string;
  @ApiPropertyOptional({ nullable: true, writeOnly: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MaxLength(4096) apiKey?: string | null;
  @ApiPropertyOptional({ nullable: true, writeOnly: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MaxLength(4096) token?: string | null;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MaxLength(200) username?: string | null;
  @ApiPropertyOptional({ nullable: true, writeOnly: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MaxLength(4096) password?: string | null;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MaxLength(200) database?: string | null;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsBoolean() tls?: boolean | null;
}

export class ConnectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: KINDS }) kind!: VectorStoreKind;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true }) database!: string | null;
  @ApiProperty({ nullable: true }) tls!: boolean | null;
  @ApiProperty({ nullable: true }) username!: string | null;
  @ApiProperty({ description: 'whether an API key is stored (its value is never returned)' }) hasApiKey!: boolean;
  @ApiProperty() hasToken!: boolean;
  @ApiProperty() hasPassword!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ConnectionTestDto {
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional() version?: string;
  @ApiProperty() latencyMs!: number;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

export class ListPointsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(4096) cursor?: string;

  @ApiPropertyOptional({ default: false, description: 'include vectors (base64 little-endian float32)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  withVectors?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) vectorField?: string;
}

export class GetPointQuery {
  @ApiPropertyOptional({ default: false }) @IsOptional() @Transform(toBoolean) @IsBoolean() withVectors?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) vectorField?: string;
}
