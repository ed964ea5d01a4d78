import { gzipSync } from 'node:zlib';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { decodeFloat32Vector, decodeTraceResponse } from '@ragscope/retrieval';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jsonExport, jsonSpan, retrieverAttributes, toProtobuf, TRACE_A, TRACE_B } from '../../../libs/retrieval/test/spans/otlp-fixtures';
import { EventsService } from '../src/traces/events.service';
import { DRIVERS, freshDatabase, json, startTestApp, type TestDatabase } from './support';

const COLLECTION = `api_traces_${Math.random().toString(36).slice(2, 8)}`;
const DOCS = [
  { id: 'doc-1', content: 'first chunk', score: 0.9 },
  { id: 'doc-404', content: 'a chunk that was deleted', score: 0.8 },
  { id: 'doc-3', content: 'third chunk', score: 0.7 },
];

async function createMilvusCollection(address: string): Promise<void> {
  const client = new MilvusClient({ address, logLevel: 'warn' });
  try {
    await client.createCollection({
      collection_name: COLLECTION,
      fields: [
        { name: 'doc_id', data_type: DataType.VarChar, is_primary_key: true, max_length: 64 },
        { name: 'text', data_type: DataType.VarChar, max_length: 200 },
        { name: 'dense', data_type: DataType.FloatVector, dim: 2 },
      ],
    });
    await client.insert({ collection_name: COLLECTION, data: ['doc-1', 'doc-2', 'doc-3'].map((id, i) => ({ doc_id: id, text: `text of ${id}`, dense: [i, 1] })) });
    await client.createIndex({ collection_name: COLLECTION, field_name: 'dense', index_type: 'FLAT', metric_type: 'L2' });
    await client.loadCollectionSync({ collection_name: COLLECTION });
  } finally {
    await client.closeConnection();
  }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

describe.each(DRIVERS)('OTLP trace ingestion and events api on %s', (driver) => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  const milvusAddress = inject('milvusAddress');

  beforeAll(async () => {
    if (driver === 'sqlite') await createMilvusCollection(milvusAddress);
    db = await freshDatabase(driver);
    ({ app, url } = await startTestApp({ ...db.env, RAGSCOPE_MAX_BODY: '1mb' }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const send = (body: Uint8Array | string, headers: Record<string, string>) => fetch(`${url}/v1/traces`, { method: 'POST', headers, body });
  const sendProtobuf = (request: ReturnType<typeof jsonExport>) => send(toProtobuf(request), { 'content-type': 'application/x-protobuf' });
  const sendJson = (request: unknown) => send(JSON.stringify(request), { 'content-type': 'application/json' });
  const events = async (query = '') => json(await fetch(`${url}/api/events${query}`));
  const count = async (table: string) => Number((await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  const retriever = jsonSpan({
    spanId: 'a000000000000001',
    name: 'retrieve',
    attributes: retrieverAttributes('where are vectors kept?', DOCS, { 'ragscope.collection': COLLECTION }),
  });

  it('accepts a protobuf export and answers an empty protobuf ExportTraceServiceResponse', async () => {
    const llm = jsonSpan({ spanId: 'a000000000000002', name: 'llm', attributes: { 'openinference.span.kind': 'LLM', 'llm.model_name': 'm' } });
    const response = await sendProtobuf(jsonExport([retriever, llm]));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    expect(new Uint8Array(await response.arrayBuffer())).toHaveLength(0);
    const page = await events();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: `${TRACE_A}a000000000000001`,
      collection: COLLECTION,
      queryText: 'where are vectors kept?',
      serviceName: 'rag-app',
      source: 'openinference',
      documentCount: 3,
      documents: [
        { rank: 1, id: 'doc-1', score: 0.9 },
        { rank: 2, id: 'doc-404', score: 0.8 },
        { rank: 3, id: 'doc-3', score: 0.7 },
      ],
    });
    // the LLM span is kept as a plain span with its attributes
    const [span] = await app.get(DataSource).query(`SELECT kind, attributes FROM trace_spans WHERE span_id = 'a000000000000002'`);
    expect(span.kind).toBe('LLM');
    expect(JSON.parse(span.attributes)['llm.model_name']).toBe('m');
  });

  it('does not duplicate a retried export', async () => {
    const before = [await count('retrieval_events'), await count('trace_spans')];
    const response = await sendJson(jsonExport([retriever]));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({});
    expect([await count('retrieval_events'), await count('trace_spans')]).toEqual(before);
  });

  it('accepts gzip JSON and reports rejected spans as partial success, storing the good ones', async () => {
    const good = jsonSpan({ spanId: 'b000000000000001', traceId: TRACE_B, attributes: retrieverAttributes('gzip query', DOCS.slice(0, 1)) });
    const bad = { ...good, spanId: 'zz' };
    const response = await send(gzipSync(JSON.stringify(jsonExport([good, bad]))), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await json(response);
    expect(body.partialSuccess.rejectedSpans).toBe('1');
    expect(body.partialSuccess.errorMessage).toContain('spanId must be 8 bytes');
    expect((await events('?q=GZIP')).items.map((e: any) => e.spanId)).toEqual(['b000000000000001']);
  });

  it('answers partial success in protobuf for protobuf requests, warnings included', async () => {
    const odd = jsonSpan({ spanId: 'b000000000000002', traceId: TRACE_B, attributes: retrieverAttributes('odd', [{ id: 'x', score: 'high' }]) });
    const response = await send(gzipSync(toProtobuf(jsonExport([odd]))), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    const result = decodeTraceResponse(new Uint8Array(await response.arrayBuffer()), 'protobuf');
    expect(result.rejectedSpans).toBe(0);
    expect(result.errorMessage).toContain('retrieval.documents.0.document.score is not a number');
  });

  it('refuses malformed bodies (400), other media types or encodings (415) and oversized bodies (413), storing nothing', async () => {
    const before = await count('retrieval_events');
    const garbage = await send(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
    expect((await json(garbage)).message).toMatch(/^malformed protobuf ExportTraceServiceRequest/);
    const badJson = await send('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    const wrongShape = await sendJson({ resourceSpans: 7 });
    expect(wrongShape.status).toBe(400);
    expect((await json(wrongShape)).message).toBe('resourceSpans must be an array');
    const text = await send('hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect((await json(text)).message).toContain('application/x-protobuf or application/json');
    const encoding = await send(toProtobuf(jsonExport([retriever])), { 'content-type': 'application/x-protobuf', 'content-encoding': 'compress' });
    expect(encoding.status).toBe(415);
    const big = await sendProtobuf(jsonExport([jsonSpan({ spanId: 'c000000000000001', attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': 'x'.repeat(1_100_000) } })]));
    expect(big.status).toBe(413);
    // a small gzip body that inflates past the limit is refused too
    const bomb = await send(gzipSync(JSON.stringify({ resourceSpans: [], pad: ' '.repeat(3_000_000) })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(await count('retrieval_events')).toBe(before);
  });

  it('links a query vector from an embedding span that arrives in a later export', async () => {
    const trace = 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0';
    await sendProtobuf(jsonExport([jsonSpan({ traceId: trace, spanId: 'c000000000000002', attributes: retrieverAttributes('late vector', DOCS, { 'ragscope.collection': COLLECTION }) })]));
    const id = `${trace}c000000000000002`;
    expect((await json(await fetch(`${url}/api/events/${id}`))).queryVector).toBeNull();
    await sendProtobuf(
      jsonExport([
        jsonSpan({
          traceId: trace,
          spanId: 'c000000000000003',
          attributes: { 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'e5', 'embedding.embeddings.0.embedding.text': 'late vector', 'embedding.embeddings.0.embedding.vector': [0.25, -1, 2] },
        }),
      ]),
    );
    const detail = await json(await fetch(`${url}/api/events/${id}`));
    expect(detail).toMatchObject({ queryDimension: 3, embeddingSpanId: 'c000000000000003', embeddingModel: 'e5' });
    expect(Array.from(decodeFloat32Vector(Buffer.from(detail.queryVector, 'base64')))).toEqual([0.25, -1, 2]);
    const forMap = await app.get(EventsService).eventsForCollection(COLLECTION);
    expect(forMap.map((e) => [e.id, Array.from(e.queryVector ?? [])])).toEqual([[id, [0.25, -1, 2]]]);
  });

  it('lists newest first in stable keyset pages, with filters', async () => {
    const trace = 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0';
    const spans = Array.from({ length: 5 }, (_, i) =>
      jsonSpan({ traceId: trace, spanId: `d00000000000000${i}`, startOffsetMs: 60_000 + (i < 2 ? 0 : i) * 1000, attributes: retrieverAttributes(`paged ${i}`, DOCS, { 'ragscope.collection': 'paged' }) }),
    );
    await sendJson(jsonExport(spans));
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: any = await events(`?collection=paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e: any) => e.queryText));
      cursor = page.nextCursor;
    }
    // two events share a start time: the id orders them
    expect(seen).toEqual(['paged 4', 'paged 3', 'paged 2', 'paged 1', 'paged 0']);
    const from = new Date(Date.UTC(2025, 10, 28, 3, 21, 3)).toISOString();
    expect((await events(`?collection=paged&from=${from}`)).items.map((e: any) => e.queryText)).toEqual(['paged 4', 'paged 3']);
    expect((await events(`?collection=paged&to=${from}`)).items).toHaveLength(3);
    expect((await events(`?traceId=${trace}&q=D 1`)).items.map((e: any) => e.queryText)).toEqual(['paged 1']);
    expect((await events(`?q=100%25`)).items).toEqual([]);
  });

  it('validates list and detail parameters', async () => {
    expect((await fetch(`${url}/api/events?limit=0`)).status).toBe(400);
    expect((await fetch(`${url}/api/events?from=yesterday`)).status).toBe(400);
    expect((await fetch(`${url}/api/events?cursor=nonsense`)).status).toBe(400);
    expect((await fetch(`${url}/api/events?extra=1`)).status).toBe(400);
    expect((await fetch(`${url}/api/events/not-an-id`)).status).toBe(400);
    expect((await fetch(`${url}/api/events/${'f'.repeat(48)}`)).status).toBe(404);
  });

  it('shows an event with payloads from a connection and reports ids the collection does not have', async () => {
    const connection = await json(
      await fetch(`${url}/api/connections`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'lite', kind: 'milvus', url: milvusAddress }) }),
    );
    const detail = await json(await fetch(`${url}/api/events/${TRACE_A}a000000000000001?connectionId=${connection.id}`));
    expect(detail.checkedCollection).toBe(COLLECTION);
    expect(detail.missingIds).toEqual(['doc-404']);
    expect(detail.documents.map((d: any) => [d.id, d.found, d.payload?.text ?? null, d.content])).toEqual([
      ['doc-1', true, 'text of doc-1', 'first chunk'],
      ['doc-404', false, null, 'a chunk that was deleted'],
      ['doc-3', true, 'text of doc-3', 'third chunk'],
    ]);
    const summary = await json(await fetch(`${url}/api/events/summary?collection=${COLLECTION}&connectionId=${connection.id}`));
    expect(summary).toMatchObject({ events: 2, eventsWithQueryVector: 1, documents: 6, idsChecked: 3, missingIdCount: 1, missingIds: ['doc-404'], eventsWithMissingIds: 2 });
    const noCollection = await fetch(`${url}/api/events/${TRACE_B}b000000000000001?connectionId=${connection.id}`);
    expect(noCollection.status).toBe(400);
  });

  it('stores many spans of one export in batches', async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      jsonSpan({ traceId: `e${hex(i, 31)}`, spanId: `e${hex(i, 15)}`, attributes: retrieverAttributes(`bulk ${i}`, DOCS, { 'ragscope.collection': 'bulk' }) }),
    );
    expect((await sendProtobuf(jsonExport(many))).status).toBe(200);
    const summary = await json(await fetch(`${url}/api/events/summary?collection=bulk`));
    expect(summary).toMatchObject({ events: 1200, documents: 3600 });
  });
});
