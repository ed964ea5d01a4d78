import { ExportTraceServiceRequest } from '../../src/spans/otlp-root';

/** OTLP/JSON shapes for tests: ids as hex, times as decimal strings, attributes as AnyValue. */
export type JsonAnyValue =
  | { stringValue: string }
  | { intValue: string | number }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: JsonAnyValue[] } }
  | { kvlistValue: { values: { key: string; value: JsonAnyValue }[] } }
  | { bytesValue: string };

export function anyValue(value: unknown): JsonAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value && typeof value === 'object') return { kvlistValue: { values: attributes(value as Record<string, unknown>) } };
  throw new Error(`no AnyValue for ${String(value)}`);
}

export function attributes(values: Record<string, unknown>): { key: string; value: JsonAnyValue }[] {
  return Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) }));
}

export const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';
const START = 1_764_300_000_000_000_000n;

export interface SpanSpec {
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  startOffsetMs?: number;
  attributes?: Record<string, unknown>;
  events?: { name: string; attributes: Record<string, unknown> }[];
}

export function jsonSpan(spec: SpanSpec) {
  const start = START + BigInt(spec.startOffsetMs ?? 0) * 1_000_000n;
  return {
    traceId: spec.traceId ?? TRACE_A,
    spanId: spec.spanId,
    ...(spec.parentSpanId ? { parentSpanId: spec.parentSpanId } : {}),
    name: spec.name ?? 'span',
    kind: 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 12_500_000n).toString(),
    attributes: attributes(spec.attributes ?? {}),
    events: (spec.events ?? []).map((e) => ({ name: e.name, timeUnixNano: start.toString(), attributes: attributes(e.attributes) })),
    status: { code: 1 },
  };
}

export function jsonExport(spans: unknown[], resource: Record<string, unknown> = { 'service.name': 'rag-app' }) {
  return { resourceSpans: [{ resource: { attributes: attributes(resource) }, scopeSpans: [{ scope: { name: 'test', version: '1' }, spans }] }] };
}

/** The same request in protobuf: hex ids become bytes, then the official message type encodes it. */
export function toProtobuf(request: ReturnType<typeof jsonExport>): Uint8Array {
  const withBytes = JSON.parse(JSON.stringify(request), (key, value) =>
    ['traceId', 'spanId', 'parentSpanId'].includes(key) && typeof value === 'string' ? Buffer.from(value, 'hex') : value,
  );
  const type = ExportTraceServiceRequest as unknown as { fromObject(o: unknown): unknown; encode(m: unknown): { finish(): Uint8Array } };
  return type.encode(type.fromObject(withBytes)).finish();
}

export function retrieverAttributes(query: string, docs: { id?: string; content?: string; score?: unknown; metadata?: unknown }[], extra: Record<string, unknown> = {}) {
  const values: Record<string, unknown> = { 'openinference.span.kind': 'RETRIEVER', 'input.value': query, ...extra };
  docs.forEach((doc, i) => {
    if (doc.id !== undefined) values[`retrieval.documents.${i}.document.id`] = doc.id;
    if (doc.content !== undefined) values[`retrieval.documents.${i}.document.content`] = doc.content;
    if (doc.score !== undefined) values[`retrieval.documents.${i}.document.score`] = doc.score;
    if (doc.metadata !== undefined) values[`retrieval.documents.${i}.document.metadata`] = doc.metadata;
  });
  return values;
}
