import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListEventsQuery {
  @ApiPropertyOptional({ description: 'only events of this collection' }) @IsOptional() @IsString() @MaxLength(255) collection?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'started at or after (inclusive)' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'started before (exclusive)' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'query text contains (case-insensitive)' }) @IsOptional() @IsString() @MaxLength(500) q?: string;
  @ApiPropertyOptional({ description: 'only events of this trace (32 hex digits)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'traceId must be 32 lowercase hex digits' })
  traceId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class GetEventQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'fetch the documents’ payloads from this connection and report ids the collection does not have' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
  @ApiPropertyOptional({ description: 'collection to look the documents up in, when the span did not say (or to override it)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  collection?: string;
}

export class EventsSummaryQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) collection?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'check the retrieved ids against this connection (needs collection)' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 1000, description: 'newest events checked against the connection' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

export class DocumentRefDto {
  @ApiProperty({ description: '1-based position in the result list' }) rank!: number;
  @ApiProperty({ nullable: true }) id!: string | null;
  @ApiProperty({ nullable: true }) score!: number | null;
}

export class DocumentDto extends DocumentRefDto {
  @ApiProperty({ nullable: true, description: 'content as the span sent it' }) content!: string | null;
  @ApiProperty({ nullable: true, description: 'metadata as the span sent it (parsed when it was JSON)' }) metadata!: unknown;
  @ApiPropertyOptional({ description: 'with a connection: whether the collection has this id' }) found?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'with a connection: the point’s payload' })
  payload?: Record<string, unknown> | null;
}

export class EventSummaryDto {
  @ApiProperty({ description: 'trace id + span id (48 hex digits)' }) id!: string;
  @ApiProperty() traceId!: string;
  @ApiProperty() spanId!: string;
  @ApiProperty({ nullable: true }) parentSpanId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['openinference', 'openllmetry'] }) source!: string;
  @ApiProperty({ nullable: true }) serviceName!: string | null;
  @ApiProperty({ nullable: true }) collection!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ nullable: true }) durationMs!: number | null;
  @ApiProperty({ enum: ['unset', 'ok', 'error'] }) status!: string;
  @ApiProperty({ nullable: true }) queryText!: string | null;
  @ApiProperty({ nullable: true, description: 'dimension of the stored query vector, null when none' }) queryDimension!: number | null;
  @ApiProperty({ nullable: true }) embeddingModel!: string | null;
  @ApiProperty({ nullable: true, description: 'the EMBEDDING span the query vector was linked from' }) embeddingSpanId!: string | null;
  @ApiProperty() documentCount!: number;
  @ApiProperty({ type: [DocumentRefDto] }) documents!: DocumentRefDto[];
}

export class EventPageDto {
  @ApiProperty({ type: [EventSummaryDto] }) items!: EventSummaryDto[];
  @ApiProperty({ nullable: true, description: 'pass as cursor for the next (older) page' }) nextCursor!: string | null;
}

export class EventDetailDto extends EventSummaryDto {
  @ApiProperty({ type: [DocumentDto] }) declare documents: DocumentDto[];
  @ApiProperty({ nullable: true, description: 'base64 little-endian float32' }) queryVector!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) resource!: Record<string, unknown>;
  @ApiProperty({ description: 'documents the span sent without an id' }) documentsWithoutId!: number;
  @ApiPropertyOptional({ description: 'with a connection: the collection looked in' }) checkedCollection?: string;
  @ApiPropertyOptional({ type: [String], description: 'with a connection: ids the span names that the collection does not have' }) missingIds?: string[];
}

export class EventsOverviewDto {
  @ApiProperty() events!: number;
  @ApiProperty() eventsWithQueryVector!: number;
  @ApiProperty() documents!: number;
  @ApiProperty() documentsWithoutId!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { collection: { type: 'string', nullable: true }, events: { type: 'number' } } } })
  collections!: { collection: string | null; events: number }[];
  @ApiPropertyOptional({ description: 'with a connection: events checked (newest first, up to limit)' }) eventsChecked?: number;
  @ApiPropertyOptional({ description: 'distinct ids checked' }) idsChecked?: number;
  @ApiPropertyOptional({ description: 'distinct retrieved ids the collection does not have' }) missingIdCount?: number;
  @ApiPropertyOptional({ type: [String], description: 'the first 1000 of them' }) missingIds?: string[];
  @ApiPropertyOptional({ description: 'checked events that retrieved at least one missing id' }) eventsWithMissingIds?: number;
}
