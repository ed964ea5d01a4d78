import { describe, expect, it } from 'vitest';
import { decodeTraceExport, OtlpDecodeError, parseTraceExport } from '../../src/spans';
import { attributes, jsonExport, jsonSpan, retrieverAttributes, toProtobuf, TRACE_A, TRACE_B } from './otlp-fixtures';

const DOCS = [
  { id: 'doc-7', content: 'Milvus keeps vectors in segments.', score: 0.91, metadata: JSON.stringify({ source: 'a.pdf', page: 3 }) },
  { id: 'doc-2', content: 'Qdrant stores payloads next to vectors.', score: 0.72 },
  { id: 'doc-9', content: 'HNSW graphs trade memory for speed.', score: 0.5 },
];

function parseJson(request: unknown) {
  return parseTraceExport(decodeTraceExport(JSON.stringify(request), 'json'));
}

describe('OpenInference RETRIEVER spans', () => {
  const request = jsonExport([
    jsonSpan({
      spanId: '00f067aa0ba902b7',
      name: 'VectorStoreRetriever',
      attributes: retrieverAttributes('how are vectors stored?', DOCS, { 'ragscope.collection': 'docs', 'session.id': 's-1', 'input.mime_type': 'text/plain' }),
    }),
  ]);

  it('become retrieval events with query, ranked ids, scores, contents and metadata', () => {
    const parsed = parseJson(request);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.plainSpans).toEqual([]);
    const [event] = parsed.events;
    expect(event).toMatchObject({
      traceId: TRACE_A,
      spanId: '00f067aa0ba902b7',
      name: 'VectorStoreRetriever',
      source: 'openinference',
      serviceName: 'rag-app',
      collection: 'docs',
      queryText: 'how are vectors stored?',
      queryVector: null,
      durationMs: 12.5,
      status: 'ok',
    });
    expect(event.startTime.toISOString()).toBe('2025-11-28T03:20:00.000Z');
    expect(event.documents).toEqual([
      { rank: 1, id: 'doc-7', score: 0.91, content: DOCS[0].content, metadata: { source: 'a.pdf', page: 3 } },
      { rank: 2, id: 'doc-2', score: 0.72, content: DOCS[1].content, metadata: null },
      { rank: 3, id: 'doc-9', score: 0.5, content: DOCS[2].content, metadata: null },
    ]);
    // what was not turned into a field is kept, the parsed lists are not duplicated
    expect(event.attributes).toEqual({ 'ragscope.collection': 'docs', 'session.id': 's-1', 'input.value': 'how are vectors stored?', 'input.mime_type': 'text/plain' });
  });

  it('parse identically from protobuf', () => {
    const fromProtobuf = parseTraceExport(decodeTraceExport(toProtobuf(request), 'protobuf'));
    expect(fromProtobuf).toEqual(parseJson(request));
  });

  it('take ids from metadata when no document.id is sent (LangChain) and the query from a JSON input', () => {
    const parsed = parseJson(
      jsonExport([
        jsonSpan({
          spanId: '1111111111111111',
          attributes: retrieverAttributes(
            JSON.stringify({ query: 'what is HNSW?' }),
            [{ content: 'HNSW is a graph index', metadata: JSON.stringify({ id: 42, source: 'x' }) }, { content: 'no id here', metadata: '{"source":"y"}' }],
            { 'input.mime_type': 'application/json' },
          ),
        }),
      ]),
    );
    expect(parsed.events[0].queryText).toBe('what is HNSW?');
    expect(parsed.events[0].documents.map((d) => [d.rank, d.id, d.score])).toEqual([
      [1, '42', null],
      [2, null, null],
    ]);
  });

  it('keep gaps in document indexes as ranks and accept numeric-string scores', () => {
    const parsed = parseJson(
      jsonExport([
        jsonSpan({
          spanId: '2222222222222222',
          attributes: {
            'openinference.span.kind': 'retriever',
            'retrieval.documents.3.document.id': 'late',
            'retrieval.documents.0.document.id': 7,
            'retrieval.documents.0.document.score': '0.25',
          },
        }),
      ]),
    );
    expect(parsed.events[0].documents.map((d) => [d.rank, d.id, d.score])).toEqual([
      [1, '7', 0.25],
      [4, 'late', null],
    ]);
  });
});

describe('malformed attributes', () => {
  it('are ignored with a warning naming the attribute, and the span is kept', () => {
    const parsed = parseJson(
      jsonExport([
        jsonSpan({
          spanId: '3333333333333333',
          attributes: retrieverAttributes('q', [{ id: 'a', score: 'high' }, { id: { nested: true } as unknown as string }], {
            'embedding.embeddings.0.embedding.vector': ['x', 'y'],
          }),
        }),
      ]),
    );
    expect(parsed.events).toHaveLength(1);
    expect(parsed.events[0].documents.map((d) => [d.id, d.score])).toEqual([
      ['a', null],
      [null, null],
    ]);
    expect(parsed.events[0].queryVector).toBeNull();
    expect(parsed.warnings).toEqual([
      'span 3333333333333333: retrieval.documents.0.document.score is not a number ("high"); ignored',
      'span 3333333333333333: retrieval.documents.1.document.id is not a string or number ({"nested":true}); ignored',
      'span 3333333333333333: embedding.embeddings.0.embedding.vector is not a non-empty array of finite numbers (["x","y"]); ignored',
    ]);
  });
});

describe('EMBEDDING spans', () => {
  const embedding = (spanId: string, text: string, vector: number[], extra: Partial<Parameters<typeof jsonSpan>[0]> = {}) =>
    jsonSpan({
      spanId,
      name: 'embed',
      attributes: {
        'openinference.span.kind': 'EMBEDDING',
        'embedding.model_name': 'text-embedding-3-small',
        'embedding.embeddings.0.embedding.text': text,
        'embedding.embeddings.0.embedding.vector': vector,
      },
      ...extra,
    });

  it('give the retriever of the same trace the vector of its query text, and stay plain spans', () => {
    const parsed = parseJson(
      jsonExport([
        embedding('aaaaaaaaaaaaaaaa', 'other text', [9, 9, 9]),
        embedding('bbbbbbbbbbbbbbbb', 'how are vectors stored?', [0.5, -0.25, 1], { startOffsetMs: -5 }),
        embedding('cccccccccccccccc', 'how are vectors stored?', [7, 7, 7], { traceId: TRACE_B }),
        jsonSpan({ spanId: 'dddddddddddddddd', attributes: retrieverAttributes('how are vectors stored?', DOCS) }),
      ]),
    );
    const [event] = parsed.events;
    expect(Array.from(event.queryVector!)).toEqual([0.5, -0.25, 1]);
    expect(event.embeddingSpanId).toBe('bbbbbbbbbbbbbbbb');
    expect(event.embeddingModel).toBe('text-embedding-3-small');
    expect(parsed.plainSpans.map((s) => s.spanId)).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc']);
    expect(parsed.embeddings).toHaveLength(3);
  });

  it('link a child embedding span with a single vector when the text differs', () => {
    const parsed = parseJson(
      jsonExport([
        jsonSpan({ spanId: 'dddddddddddddddd', attributes: retrieverAttributes('Query: vectors?', DOCS) }),
        embedding('eeeeeeeeeeeeeeee', 'vectors?', [1, 2], { parentSpanId: 'dddddddddddddddd' }),
      ]),
    );
    expect(Array.from(parsed.events[0].queryVector!)).toEqual([1, 2]);
  });

  it('keep a vector sent on the retriever span itself', () => {
    const parsed = parseJson(
      jsonExport([jsonSpan({ spanId: 'dddddddddddddddd', attributes: retrieverAttributes('q', DOCS, { 'embedding.embeddings.0.embedding.vector': [0.125, 3] }) })]),
    );
    expect(Array.from(parsed.events[0].queryVector!)).toEqual([0.125, 3]);
    expect(parsed.events[0].embeddingSpanId).toBeNull();
  });
});

describe('OpenLLMetry vector-database spans', () => {
  it('read a JS Qdrant search: results as span attributes, the query vector as a JSON string', () => {
    const parsed = parseJson(
      jsonExport([
        jsonSpan({
          spanId: '4444444444444444',
          name: 'qdrant.search',
          attributes: {
            'db.system': 'Qdrant',
            'db.vector.table_name': 'faq',
            'db.vector.query.top_k': 2,
            'db.vector.query.embeddings.vector': '[0.1,0.2,0.3]',
            'db.vector.query.result.0.id': 'f1c0ffee-0000-4000-8000-000000000001',
            'db.vector.query.result.0.score': 0.93,
            'db.vector.query.result.0.metadata': '{"text":"first"}',
            'db.vector.query.result.1.id': 17,
            'db.vector.query.result.1.score': 0.41,
          },
        }),
      ]),
    );
    const [event] = parsed.events;
    expect(event).toMatchObject({ source: 'openllmetry', collection: 'faq', queryText: null });
    expect(Array.from(event.queryVector!)).toEqual([Math.fround(0.1), Math.fround(0.2), Math.fround(0.3)]);
    expect(event.documents.map((d) => [d.rank, d.id, d.score, d.metadata])).toEqual([
      [1, 'f1c0ffee-0000-4000-8000-000000000001', 0.93, { text: 'first' }],
      [2, '17', 0.41, null],
    ]);
    expect(event.attributes['db.vector.query.top_k']).toBe(2);
  });

  it('read a Python Milvus search: db.query.result events with distances, collection from db.milvus.*', () => {
    const parsed = parseJson(
      jsonExport([
        jsonSpan({
          spanId: '5555555555555555',
          name: 'milvus.search',
          attributes: { 'db.system': 'milvus', 'db.milvus.search.collection_name': 'colors' },
          events: [
            { name: 'db.query.embeddings', attributes: { 'db.query.embeddings.vector': '[1,0]' } },
            { name: 'db.query.result', attributes: { 'db.query.result.id': 3, 'db.query.result.distance': 0.02 } },
            { name: 'db.query.result', attributes: { 'db.query.result.id': 8, 'db.query.result.distance': 0.4, 'db.query.result.document': 'red' } },
          ],
        }),
      ]),
    );
    const [event] = parsed.events;
    expect(event.collection).toBe('colors');
    expect(Array.from(event.queryVector!)).toEqual([1, 0]);
    expect(event.documents.map((d) => [d.rank, d.id, d.score, d.content])).toEqual([
      [1, '3', 0.02, null],
      [2, '8', 0.4, 'red'],
    ]);
  });

  it('keep an upsert (no results, no query) as a plain span', () => {
    const parsed = parseJson(jsonExport([jsonSpan({ spanId: '6666666666666666', attributes: { 'db.system': 'qdrant', 'db.vector.add.count': 3 } })]));
    expect(parsed.events).toEqual([]);
    expect(parsed.plainSpans[0].attributes).toEqual({ 'db.system': 'qdrant', 'db.vector.add.count': 3 });
  });
});

describe('OTLP decoding', () => {
  it('keeps every attribute of other spans: int64 beyond 2^53 as a string, bytes as base64, arrays and maps', () => {
    const span = {
      ...jsonSpan({ spanId: '7777777777777777', name: 'llm' }),
      attributes: [
        ...attributes({ 'openinference.span.kind': 'LLM', 'tags': ['a', 'b'], 'meta': { k: 1 }, 'ok': true, 'ratio': 0.5 }),
        { key: 'big', value: { intValue: '9007199254740993' } },
        { key: 'raw', value: { bytesValue: 'AQID' } },
      ],
    };
    const request = jsonExport([span]);
    for (const decoded of [decodeTraceExport(JSON.stringify(request), 'json'), decodeTraceExport(toProtobuf(request), 'protobuf')]) {
      expect(decoded.spans[0].attributes).toEqual({
        'openinference.span.kind': 'LLM',
        tags: ['a', 'b'],
        meta: { k: 1 },
        ok: true,
        ratio: 0.5,
        big: '9007199254740993',
        raw: 'AQID',
      });
      expect(decoded.spans[0]).toMatchObject({ serviceName: 'rag-app', scope: { name: 'test', version: '1' }, status: 'ok', kind: 1 });
    }
  });

  it('rejects only the bad spans of a batch, each with its reason', () => {
    const good = jsonSpan({ spanId: '8888888888888888', attributes: retrieverAttributes('q', DOCS) });
    const request = jsonExport([
      good,
      { ...good, traceId: 'abc' },
      { ...good, spanId: '0000000000000000' },
      { ...good, spanId: '9999999999999999', startTimeUnixNano: '-5' },
      { ...good, spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: 'xyz' },
      'not a span',
    ]);
    const decoded = decodeTraceExport(JSON.stringify(request), 'json');
    expect(decoded.spans.map((s) => s.spanId)).toEqual(['8888888888888888']);
    expect(decoded.rejected).toEqual([
      { traceId: null, spanId: '8888888888888888', reason: 'traceId must be 16 bytes (32 hex digits in JSON), not all zero' },
      { traceId: TRACE_A, spanId: null, reason: 'spanId must be 8 bytes (16 hex digits in JSON), not all zero' },
      { traceId: TRACE_A, spanId: '9999999999999999', reason: 'startTimeUnixNano is missing or not a non-negative integer' },
      { traceId: TRACE_A, spanId: 'aaaaaaaaaaaaaaaa', reason: 'parentSpanId must be empty or 8 bytes (16 hex digits in JSON)' },
      { traceId: null, spanId: null, reason: 'a span must be an object' },
    ]);
  });

  it('refuses bodies that are no trace export at all, saying why', () => {
    expect(() => decodeTraceExport('{"resourceSpans": [', 'json')).toThrow(OtlpDecodeError);
    expect(() => decodeTraceExport('{"resourceSpans": [', 'json')).toThrow(/^malformed JSON: /);
    expect(() => decodeTraceExport('[1]', 'json')).toThrow('must be an object with a resourceSpans array');
    expect(() => decodeTraceExport('{"resourceSpans": 5}', 'json')).toThrow('resourceSpans must be an array');
    expect(() => decodeTraceExport('{"resourceSpans": [{"scopeSpans": [{"spans": {}}]}]}', 'json')).toThrow('resourceSpans[0].scopeSpans[0].spans must be an array');
    expect(() => decodeTraceExport(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), 'protobuf')).toThrow(/^malformed protobuf ExportTraceServiceRequest: /);
  });

  it('accepts an empty export', () => {
    expect(decodeTraceExport('{}', 'json')).toEqual({ spans: [], rejected: [] });
    expect(decodeTraceExport(new Uint8Array(), 'protobuf')).toEqual({ spans: [], rejected: [] });
  });
});
