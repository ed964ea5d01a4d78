import { BadRequestException, Controller, HttpStatus, Post, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decodeJsonObject, decodeProtobuf, encodeTraceResponse, OtlpDecodeError, type DecodedExport, type OtlpEncoding } from '@ragscope/retrieval';
import type { Request, Response } from 'express';
import { PROTOBUF_MEDIA_TYPES } from './otlp-body.middleware';
import { TracesService } from './traces.service';

/**
 * The OTLP/HTTP trace receiver. The path is the OTLP default and the one Arize Phoenix serves,
 * so an app exporting to Phoenix (or to a collector) only changes the host and port.
 */
@ApiTags('traces')
@Controller('v1/traces')
export class TracesController {
  constructor(private readonly traces: TracesService) {}

  @Post()
  @ApiOperation({
    summary: 'OTLP/HTTP trace export (protobuf or JSON, gzip accepted)',
    description:
      'Answers an ExportTraceServiceResponse in the encoding of the request; spans that could not be read are counted in partialSuccess.rejectedSpans with the reasons in errorMessage. Malformed bodies get 400, bodies over RAGSCOPE_MAX_BODY 413, other media types or encodings 415.',
  })
  @ApiConsumes(...PROTOBUF_MEDIA_TYPES, 'application/json')
  @ApiBody({ description: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest' })
  @ApiOkResponse({ description: 'ExportTraceServiceResponse' })
  async export(@Req() req: Request, @Res() res: Response): Promise<void> {
    const encoding = encodingOf(req);
    const decoded = decode(req.body, encoding);
    const result = await this.traces.ingest(decoded);
    res
      .status(HttpStatus.OK)
      .type(encoding === 'json' ? 'application/json' : 'application/x-protobuf')
      .send(encodeTraceResponse(result, encoding));
  }
}

function encodingOf(req: Request): OtlpEncoding {
  if (req.is(PROTOBUF_MEDIA_TYPES)) return 'protobuf';
  if (req.is('application/json')) return 'json';
  throw new UnsupportedMediaTypeException(
    `OTLP/HTTP bodies must be application/x-protobuf or application/json, not ${req.headers['content-type'] ?? 'a body without Content-Type'}`,
  );
}

function decode(body: unknown, encoding: OtlpEncoding): DecodedExport {
  try {
    if (encoding === 'json') return decodeJsonObject(body ?? {});
    return decodeProtobuf(Buffer.isBuffer(body) ? body : new Uint8Array());
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new BadRequestException(error.message);
    throw error;
  }
}
