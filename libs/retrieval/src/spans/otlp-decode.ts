import { ExportTraceServiceRequest } from './otlp-root';
import { attributesOf, idOf, nanosOf } from './otlp-values';
import type { DecodedExport, OtlpSpan, SpanEvent, SpanStatus } from './types';

/** A body that is not an OTLP trace export at all: the whole request is refused (HTTP 400). */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

export type OtlpEncoding = 'protobuf' | 'json';

/** Decodes an ExportTraceServiceRequest (already decompressed) into spans; bad spans are rejected one by one. */
export function decodeTraceExport(body: Uint8Array | string, encoding: OtlpEncoding): DecodedExport {
  return encoding === 'protobuf' ? decodeProtobuf(toBytes(body)) : decodeJson(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function decodeProtobuf(bytes: Uint8Array): DecodedExport {
  let request: { resourceSpans?: unknown };
  try {
    request = ExportTraceServiceRequest.decode(bytes);
  } catch (error) {
    throw new OtlpDecodeError(`malformed protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  return collectSpans(request);
}

export function decodeJson(text: string): DecodedExport {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`malformed JSON: ${(error as Error).message}`);
  }
  return decodeJsonObject(request);
}

/** The JSON encoding once parsed (an HTTP framework may have parsed it already). */
export function decodeJsonObject(request: unknown): DecodedExport {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new OtlpDecodeError('an OTLP/JSON ExportTraceServiceRequest must be an object with a resourceSpans array');
  }
  return collectSpans(request as { resourceSpans?: unknown });
}

type Shape = Record<string, unknown>;

function listOf(value: unknown, path: string): Shape[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${path} must be an array`);
  value.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new OtlpDecodeError(`${path}[${i}] must be an object`);
  });
  return value as Shape[];
}

function collectSpans(request: { resourceSpans?: unknown }): DecodedExport {
  const result: DecodedExport = { spans: [], rejected: [] };
  listOf(request.resourceSpans, 'resourceSpans').forEach((resourceSpans, r) => {
    const resourceShape = resourceSpans.resource as Shape | null | undefined;
    const resource = attributesOf(resourceShape?.attributes);
    const serviceName = typeof resource['service.name'] === 'string' ? resource['service.name'] : null;
    // instrumentationLibrarySpans: the name before OTLP 0.15, still sent by old exporters
    const scopes = resourceSpans.scopeSpans ?? resourceSpans.instrumentationLibrarySpans;
    listOf(scopes, `resourceSpans[${r}].scopeSpans`).forEach((scopeSpans, s) => {
      const scopeShape = (scopeSpans.scope ?? scopeSpans.instrumentationLibrary) as Shape | null | undefined;
      const scope = { name: stringOrNull(scopeShape?.name), version: stringOrNull(scopeShape?.version) };
      const spans = scopeSpans.spans;
      if (spans !== undefined && spans !== null && !Array.isArray(spans)) {
        throw new OtlpDecodeError(`resourceSpans[${r}].scopeSpans[${s}].spans must be an array`);
      }
      for (const raw of (spans ?? []) as unknown[]) {
        const outcome = spanOf(raw, { resource, serviceName, scope });
        if ('reason' in outcome) result.rejected.push(outcome);
        else result.spans.push(outcome);
      }
    });
  });
  return result;
}

const STATUS: Record<number, SpanStatus> = { 0: 'unset', 1: 'ok', 2: 'error' };

function spanOf(
  raw: unknown,
  context: Pick<OtlpSpan, 'resource' | 'serviceName' | 'scope'>,
): OtlpSpan | { traceId: string | null; spanId: string | null; reason: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { traceId: null, spanId: null, reason: 'a span must be an object' };
  const span = raw as Shape;
  const traceId = idOf(span.traceId, 16);
  const spanId = idOf(span.spanId, 8);
  const parentSpanId = idOf(span.parentSpanId, 8);
  const reject = (reason: string) => ({ traceId: traceId ?? null, spanId: spanId ?? null, reason });
  if (!traceId) return reject('traceId must be 16 bytes (32 hex digits in JSON), not all zero');
  if (!spanId) return reject('spanId must be 8 bytes (16 hex digits in JSON), not all zero');
  if (parentSpanId === undefined) return reject('parentSpanId must be empty or 8 bytes (16 hex digits in JSON)');
  const start = nanosOf(span.startTimeUnixNano);
  const end = nanosOf(span.endTimeUnixNano);
  if (!start || start === '0') return reject('startTimeUnixNano is missing or not a non-negative integer');
  if (end === undefined) return reject('endTimeUnixNano is not a non-negative integer');
  const status = (span.status ?? {}) as Shape;
  const events: SpanEvent[] = [];
  if (Array.isArray(span.events)) {
    for (const event of span.events as Shape[]) {
      if (event === null || typeof event !== 'object') continue;
      events.push({ name: String(event.name ?? ''), timeUnixNano: nanosOf(event.timeUnixNano) ?? '0', attributes: attributesOf(event.attributes) });
    }
  }
  return {
    traceId,
    spanId,
    parentSpanId,
    name: typeof span.name === 'string' ? span.name : '',
    kind: Number(span.kind ?? 0) || 0,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes: attributesOf(span.attributes),
    events,
    status: STATUS[Number(status.code ?? 0)] ?? 'unset',
    statusMessage: stringOrNull(status.message) || null,
    ...context,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
