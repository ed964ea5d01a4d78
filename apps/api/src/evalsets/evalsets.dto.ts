import { ApiProperty, ApiPropertyOptional, type ApiBody } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { EVAL_SET_FORMATS, type EvalSetFormat } from './eval-set.entity';

/** The text fields of the multipart upload; the files are described in the controller's @ApiBody. */
export class CreateEvalSetDto {
  @ApiProperty({ example: 'cranfield test' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: EVAL_SET_FORMATS, description: 'beir: queries + qrels (+ corpus); trec: topics + qrels; jsonl / csv: file' })
  @IsIn(EVAL_SET_FORMATS)
  format!: EvalSetFormat;
}

export class EvalSetSourceDto {
  @ApiProperty() filename!: string;
  @ApiProperty() bytes!: number;
}

export class SampleQueryDto {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'judged documents with grade ≥ 1' }) relevant!: number;
  @ApiProperty() judged!: number;
  @ApiProperty() hasVector!: boolean;
}

export class EvalSetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: EVAL_SET_FORMATS }) format!: EvalSetFormat;
  @ApiProperty({ description: 'judged queries (unjudged ones in the upload are dropped)' }) queryCount!: number;
  @ApiProperty({ description: 'judgments, any grade' }) judgmentCount!: number;
  @ApiProperty({ description: 'judgments with grade ≥ 1' }) relevantCount!: number;
  @ApiProperty({ description: 'graded relevance: some grade above 1' }) graded!: boolean;
  @ApiProperty({ description: 'queries with a precomputed vector' }) vectorCount!: number;
  @ApiProperty({ nullable: true, description: 'dimension of the query vectors, null without any' }) dimension!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/EvalSetSourceDto' } }) sources!: Record<string, EvalSetSourceDto>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class EvalSetDetailDto extends EvalSetDto {
  @ApiProperty({ type: [SampleQueryDto], description: 'the first queries, in file order' }) sampleQueries!: SampleQueryDto[];
}

export class EvalSetCreatedDto extends EvalSetDetailDto {
  @ApiPropertyOptional({ description: 'ids in vector_ids that name no judged query (ignored)' }) unmatchedVectorIds?: number;
  @ApiPropertyOptional({ description: 'documents in the BEIR corpus file (validated, not stored)' }) corpusCount?: number;
}

/** @nestjs/swagger does not export its SchemaObject type. */
type SchemaObject = Exclude<Extract<Parameters<typeof ApiBody>[0], { schema: unknown }>['schema'], { $ref: string }>;

const binary = (description: string): SchemaObject => ({ type: 'string', format: 'binary', description });

export const UPLOAD_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['name', 'format'],
  properties: {
    name: { type: 'string', maxLength: 200 },
    format: { type: 'string', enum: [...EVAL_SET_FORMATS] },
    queries: binary('beir: queries.jsonl'),
    qrels: binary('beir: qrels/<split>.tsv; trec: qrels ("qid iter docno grade")'),
    corpus: binary('beir (optional): corpus.jsonl, validated and counted, not stored'),
    topics: binary('trec: topics with <top><num><title> blocks'),
    file: binary('jsonl / csv: {query, relevant_ids[, grades][, query_vector][, id]} per line or row'),
    vectors: binary('optional: query vectors, raw little-endian float32, row-major, no header'),
    vector_ids: binary('with vectors: one query id per line, naming the rows of vectors'),
  },
};

export const VECTORS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['vectors', 'vector_ids'],
  properties: { vectors: UPLOAD_SCHEMA.properties!.vectors, vector_ids: UPLOAD_SCHEMA.properties!.vector_ids },
};
