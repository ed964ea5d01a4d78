import { ExportTraceServiceResponse } from './otlp-root';
import type { OtlpEncoding } from './otlp-decode';

export interface PartialSuccess {
  rejectedSpans: number;
  /** why spans were rejected, or a warning about accepted ones; empty when all is well */
  errorMessage: string;
}

/**
 * The ExportTraceServiceResponse in the encoding of the request, as the OTLP/HTTP spec asks.
 * partial_success is left out when everything was accepted without warnings.
 */
export function encodeTraceResponse(result: PartialSuccess, encoding: OtlpEncoding): Buffer {
  const partial = result.rejectedSpans > 0 || result.errorMessage ? result : undefined;
  if (encoding === 'json') {
    // proto3 JSON writes int64 as a string
    const body = partial ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const bytes = ExportTraceServiceResponse.encode(partial ? { partialSuccess: partial } : {}).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a response back; used by tests and the benchmark client. */
export function decodeTraceResponse(body: Uint8Array, encoding: OtlpEncoding): PartialSuccess {
  const message =
    encoding === 'json'
      ? (JSON.parse(Buffer.from(body).toString('utf8')) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } })
      : ExportTraceServiceResponse.decode(body);
  return {
    rejectedSpans: Number(message.partialSuccess?.rejectedSpans ?? 0),
    errorMessage: message.partialSuccess?.errorMessage ?? '',
  };
}
