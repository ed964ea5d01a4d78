import { afterEach, describe, expect, it } from 'vitest';
import { QdrantStore } from '../../src/connectors/qdrant';
import { QdrantHttp } from '../../src/connectors/qdrant-http';
import { VectorStoreError } from '../../src/connectors/types';
import {
  describeSample,
  describeSampleIndexed,
  exactCountIndexed,
  INT_PAGES,
  malformedScroll,
  multivectorCollectionInfo,
  NAMED_PAGES,
  queryBatchOf,
  randomSampleSingle,
  retrieveNamedText,
  scrollFromMaxU64,
  SINGLE_PAGES,
  UUID_PAGES,
} from './qdrant-support/constructed';
import { closedPort, collect, OPEN_SCENARIOS, recordedPoints, recordedRequest, replay, storeFor } from './qdrant-support/harness';
import { rejection } from './stream-support';
import type { ReplayServer } from './qdrant-support/replay-server';

const MAX_U64 = '18446744073709551615';
let server: ReplayServer | undefined;

async function open(extra: Parameters<typeof replay>[1] = []) {
  server = await replay(OPEN_SCENARIOS, extra);
  return server;
}

afterEach(async () => {
  const unmatched = server?.unmatched ?? [];
  await server?.close();
  server = undefined;
  expect(unmatched, 'requests that no recording answers').toEqual([]);
});

const idsOf = (pageNames: string[]) => pageNames.flatMap((name) => recordedPoints(name).map((point) => String(point.id)));
const scrollRequests = (replayServer: ReplayServer) => replayServer.served.filter((name) => name.includes('scroll'));

describe('QdrantStore: server and collections', () => {
  it('pings with the version from GET /', async () => {
    expect(await storeFor(await open()).ping()).toEqual({ version: '1.18.3' });
  });

  it('lists collections', async () => {
    const names = (await storeFor(await open()).listCollections()).map((collection) => collection.name);
    expect(names).toEqual(['rs_indexed', 'rs_int_ids', 'rs_named', 'rs_single', 'rs_uuid_ids']);
  });

  it('describes a single unnamed vector collection with mixed ids, exact count and inferred payload', async () => {
    const info = await storeFor(await open([describeSample('rs_single', SINGLE_PAGES)])).describe('rs_single');
    expect(info.vectorFields).toEqual([{ name: '', dimension: 8, distance: 'cosine', type: 'dense', supported: true }]);
    expect(info).toMatchObject({ name: 'rs_single', pointCount: 25, pointCountExact: true, idType: 'mixed', sampled: 25, textField: 'chunk_text' });
    const types = Object.fromEntries(info.payloadFields.map((field) => [field.name, [field.type, field.present]]));
    expect(types).toEqual({
      chunk_index: ['integer', 24],
      chunk_text: ['string', 24], // point 5 has an empty payload
      created_at: ['datetime', 24],
      doc_id: ['string', 24],
      is_public: ['boolean', 24],
      meta: ['json', 24],
      ratings: ['array', 23], // point 11 has no ratings
      reviewer: ['string', 18], // 6 of the 24 are null, which present does not count
      score_hint: ['float', 24],
      tags: ['array', 24],
      topic: ['string', 24],
    });
    expect(info.payloadFields.every((field) => field.indexed === false)).toBe(true);
  });

  it('describes named vectors, listing the sparse one as unsupported with the reason', async () => {
    const info = await storeFor(await open([describeSample('rs_named', NAMED_PAGES)])).describe('rs_named');
    expect(info.vectorFields).toEqual([
      { name: 'image', dimension: 4, distance: 'euclidean', type: 'dense', supported: true },
      { name: 'keywords', dimension: 0, distance: 'dot', type: 'sparse', supported: false, reason: 'sparse vectors are not supported for maps/search yet' },
      { name: 'text', dimension: 8, distance: 'cosine', type: 'dense', supported: true },
    ]);
    expect(info).toMatchObject({ pointCount: 25, pointCountExact: true, idType: 'mixed', textField: 'chunk_text' });
  });

  it('marks payload-indexed fields, including a nested index path', async () => {
    const info = await storeFor(await open([describeSampleIndexed(), exactCountIndexed()])).describe('rs_indexed');
    const indexed = info.payloadFields.filter((field) => field.indexed).map((field) => [field.name, field.type, field.present]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // `present` agrees with the `points` counts of the recorded payload_schema (meta.page: 24 of 25).
    expect(indexed).toEqual([
      ['chunk_index', 'integer', 25],
      ['chunk_text', 'string', 25],
      ['created_at', 'datetime', 25],
      ['is_public', 'boolean', 25],
      ['meta.page', 'integer', 24],
      ['score_hint', 'float', 25],
      ['topic', 'string', 25],
    ]);
    expect(info.idType).toBe('integer');
  });

  it('lists a multivector field as unsupported and refuses to stream it', async () => {
    const store = storeFor(await open([multivectorCollectionInfo()]));
    const error = await rejection(collect(store.stream('rs_multi', { vectorField: 'colbert' })));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/multivectors .* are not supported for maps\/search yet/);
  });
});

describe('QdrantStore: stream', () => {
  it('scrolls every page of the single-vector recordings to the end, with cursors and float32 vectors', async () => {
    const replayServer = await open();
    const batches = await collect(storeFor(replayServer).stream('rs_single', { batchSize: 3, withPayload: true }));
    expect(batches).toHaveLength(9);
    expect(batches.flatMap((batch) => batch.ids)).toEqual(idsOf(SINGLE_PAGES));
    expect(scrollRequests(replayServer)).toEqual(SINGLE_PAGES);
    const next = SINGLE_PAGES.map((name) => recordedPoints(name, (result) => [result])[0] as unknown as { next_page_offset: unknown });
    expect(batches.map((batch) => batch.cursor)).toEqual(next.map((page) => (page.next_page_offset === null ? undefined : String(page.next_page_offset))));
    const first = recordedPoints(SINGLE_PAGES[0]);
    expect(batches[0].dimension).toBe(8);
    expect(batches[0].vectors).toEqual(Float32Array.from((first as Array<{ vector: number[] }>).flatMap((point) => point.vector)));
    expect(batches[0].payloads?.[0]).toEqual(first[0].payload);
  });

  it('keeps integer ids beyond 2^53 exact and consumes every page of the int-ids recordings', async () => {
    const replayServer = await open();
    const batches = await collect(storeFor(replayServer).stream('rs_int_ids', { batchSize: 3, withPayload: true }));
    const ids = batches.flatMap((batch) => batch.ids);
    expect(ids).toHaveLength(26);
    expect(ids.at(-1)).toBe(MAX_U64);
    expect(ids.slice(0, -1)).toEqual(Array.from({ length: 25 }, (_, index) => String(1007 + 7 * index)));
    expect(scrollRequests(replayServer)).toEqual(INT_PAGES);
    expect(batches.reduce((sum, batch) => sum + batch.vectors.length, 0)).toBe(26 * 8);
  });

  it('pages by UUID offsets', async () => {
    const batches = await collect(storeFor(await open()).stream('rs_uuid_ids', { batchSize: 3, withPayload: true }));
    expect(batches.flatMap((batch) => batch.ids)).toEqual(idsOf(UUID_PAGES));
    expect(batches[0].cursor).toBe('257ac323-662b-5b86-b5c0-2c4d35fbde62');
  });

  it('streams one named vector', async () => {
    const batches = await collect(storeFor(await open()).stream('rs_named', { vectorField: 'text', batchSize: 3, withPayload: true }));
    expect(batches.flatMap((batch) => batch.ids)).toEqual(idsOf(NAMED_PAGES));
    expect(batches.every((batch) => batch.dimension === 8 && batch.vectors.length === batch.ids.length * 8)).toBe(true);
  });

  it('resumes from a cursor where the earlier stream left off', async () => {
    const store = storeFor(await open([scrollFromMaxU64()]));
    const firstTwo = await collect(store.stream('rs_single', { batchSize: 3, withPayload: true, limit: 6 }));
    expect(firstTwo.flatMap((batch) => batch.ids)).toEqual(['1', '2', '3', '4', '5', '6']);
    const rest = await collect(store.stream('rs_single', { batchSize: 3, withPayload: true, cursor: firstTwo.at(-1)?.cursor }));
    expect([...firstTwo, ...rest].flatMap((batch) => batch.ids)).toEqual(idsOf(SINGLE_PAGES));

    // The cursor of the max-u64 point goes back to Qdrant as an exact integer.
    const tail = await collect(store.stream('rs_int_ids', { batchSize: 3, withPayload: true, cursor: MAX_U64 }));
    expect(tail.map((batch) => [batch.ids, batch.cursor])).toEqual([[[MAX_U64], undefined]]);
  });

  it('fetches a page only when asked, with at most one page prefetched', async () => {
    const replayServer = await open();
    const iterator = storeFor(replayServer).stream('rs_single', { batchSize: 3, withPayload: true })[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scrollRequests(replayServer)).toEqual(SINGLE_PAGES.slice(0, 2));
    await iterator.return?.(undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scrollRequests(replayServer)).toEqual(SINGLE_PAGES.slice(0, 2));
  });

  it('samples at random through the sample query, in batches without cursors', async () => {
    const batches = await collect(storeFor(await open([randomSampleSingle()])).stream('rs_single', { sample: 5, batchSize: 2 }));
    expect(batches.map((batch) => batch.ids.length)).toEqual([2, 2, 1]);
    expect(batches.every((batch) => batch.cursor === undefined && batch.payloads === undefined)).toBe(true);
    expect(batches.flatMap((batch) => batch.ids)).toEqual(['5', '6924a867-606b-5cfd-a182-c53ae74605a6', '18', '8', '17']);
  });

  it('refuses a malformed scroll answer instead of passing it on', async () => {
    const error = await rejection(collect(storeFor(await open([malformedScroll()])).stream('rs_single', { batchSize: 7 })));
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(/malformed response .*result\.points is not a list of points/);
  });

  it('skips the sparse vector field with a clear message, and lists fields for an unknown one', async () => {
    const store = storeFor(await open());
    const sparse = await rejection(collect(store.stream('rs_named', { vectorField: 'keywords' })));
    expect(sparse.code).toBe('unsupported');
    expect(sparse.message).toContain('sparse vectors are not supported for maps/search yet');

    const unknown = await rejection(collect(store.stream('rs_named', { vectorField: 'nope' })));
    expect(unknown.code).toBe('invalid');
    expect(unknown.details).toMatchObject({ vectorField: 'nope', available: ['image', 'keywords', 'text'] });

    const ambiguous = await rejection(collect(store.stream('rs_named')));
    expect(ambiguous.code).toBe('invalid');
    expect(ambiguous.details).toMatchObject({ available: ['image', 'text'] });
  });
});

describe('QdrantStore: fetch and search', () => {
  it('fetches points in the order asked, dropping missing ids, with a u64 id sent and read exactly', async () => {
    const points = await storeFor(await open()).fetch('rs_int_ids', ['1007', MAX_U64, '5']);
    expect(points.map((point) => point.id)).toEqual(['1007', MAX_U64]);
    expect(points[1].payload).toEqual({ chunk_text: 'max u64 id' });
    expect(points[0].vector).toBeUndefined();
  });

  it('fetches vectors of the unnamed and of a named field', async () => {
    const store = storeFor(await open([retrieveNamedText()]));
    const single = await store.fetch('rs_single', ['1', '6924a867-606b-5cfd-a182-c53ae74605a6', '999', 'd492f70f-ea67-5d0a-90b5-050717b9a962'], { withVectors: true });
    expect(single.map((point) => point.id)).toEqual(recordedPoints('single-vector/18-retrieve-ids-with-missing.json', (result) => result).map((point) => String(point.id)));
    expect(single.every((point) => point.vector?.length === 8)).toBe(true);

    const named = await store.fetch('rs_named', ['5', 'd6a23f5c-caa2-5c73-bcb2-c54b18b0e46f', '1'], { withVectors: true, vectorField: 'text' });
    expect(named.map((point) => [point.id, point.vector?.length])).toEqual([
      ['5', 8],
      ['d6a23f5c-caa2-5c73-bcb2-c54b18b0e46f', 8],
      ['1', 8],
    ]);
  });

  it('searches a batch of queries and returns the recorded top-k, best first', async () => {
    const searches = recordedRequest('single-vector/30-query-batch.json').searches as Array<{ query: number[] }>;
    const vectors = Float32Array.from(searches.flatMap((search) => search.query));
    const hits = await storeFor(await open()).search('rs_single', vectors, 3, { withPayload: true });
    const recorded = recordedPoints('single-vector/30-query-batch.json', (result) => result) as unknown as Array<{ points: Array<{ id: unknown; score: number }> }>;
    expect(hits.map((list) => list.map((hit) => [hit.id, hit.score]))).toEqual(recorded.map((list) => list.points.map((point) => [String(point.id), point.score])));
    expect(hits.every((list) => list.every((hit, index) => index === 0 || list[index - 1].score >= hit.score))).toBe(true);
    expect(hits[0][0].payload?.chunk_text).toBe('chunk 18 about evaluation');
  });

  it('searches a named vector, with a filter, and Manhattan distances come back ascending', async () => {
    const store = storeFor(
      await open([
        queryBatchOf('named-vectors/17-query-using-text.json', 'rs_named'),
        queryBatchOf('single-vector/29-query-filter.json', 'rs_single'),
        queryBatchOf('uuid-ids/15-query.json', 'rs_uuid_ids'),
      ]),
    );
    const named = recordedRequest('named-vectors/17-query-using-text.json');
    const [textHits] = await store.search('rs_named', Float32Array.from(named.query as number[]), 3, { vectorField: 'text', withPayload: true });
    expect(textHits.map((hit) => hit.id)).toEqual(recordedPoints('named-vectors/17-query-using-text.json').map((point) => String(point.id)));

    const filtered = recordedRequest('single-vector/29-query-filter.json');
    const [filteredHits] = await store.search('rs_single', Float32Array.from(filtered.query as number[]), 3, { filter: filtered.filter, withPayload: true });
    expect(filteredHits.every((hit) => hit.payload?.topic === 'embeddings')).toBe(true);

    const manhattan = recordedRequest('uuid-ids/15-query.json');
    const [distances] = await store.search('rs_uuid_ids', Float32Array.from(manhattan.query as number[]), 3);
    expect(distances.map((hit) => hit.score)).toEqual([...distances.map((hit) => hit.score)].sort((a, b) => a - b));
    expect(distances[0]).toEqual({ id: '3e0c3c69-5a9b-5542-98e0-62f59882bc43', score: 3.4588 });
  });

  it('refuses query vectors that do not fit the dimension, and ids that are not Qdrant ids', async () => {
    const store = storeFor(await open());
    expect((await rejection(store.search('rs_single', new Float32Array(7), 3))).code).toBe('invalid');
    expect((await rejection(store.fetch('rs_single', ['not-an-id']))).code).toBe('invalid');
  });
});

describe('QdrantStore: errors', () => {
  it('maps an unknown collection to not_found', async () => {
    const store = storeFor(await open());
    const error = await rejection(store.describe('nope'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain("Collection `nope` doesn't exist!");
    expect((await rejection(collect(store.stream('nope')))).code).toBe('not_found');
  });

  it('maps 401 (no key, wrong key) to unauthorized and accepts the right key', async () => {
    server = await replay(['api-key']);
    const noKey = await rejection(storeFor(server).listCollections());
    expect(noKey.code).toBe('unauthorized');
    expect(noKey.message).toMatch(/requires an API key and none is configured: Must provide an API key/);
    const wrongKey = await rejection(storeFor(server, { apiKey: 'wrong-key' }).listCollections());
    expect(wrongKey.code).toBe('unauthorized');
    expect(wrongKey.message).toContain('Invalid API key or JWT');
    expect(await storeFor(server, { apiKey: 'secret-key' }).listCollections()).toHaveLength(5);
    expect((await rejection(storeFor(server, { apiKey: 'secret-key' }).describe('nope'))).code).toBe('not_found');
  });

  it('maps 401 and 403 on the id-carrying transport too', async () => {
    server = await replay(['api-key']);
    const http = (apiKey?: string) =>
      new QdrantHttp({
        baseUrl: (server as ReplayServer).url,
        endpoint: { address: 'replay', hasCredentials: apiKey !== undefined },
        headers: apiKey ? { 'api-key': apiKey } : {},
        timeoutMs: 5_000,
      });
    expect((await rejection(http().post('/collections/rs_single/points/scroll', { limit: 3 }, 'scrolling'))).code).toBe('unauthorized');
    const forbidden = await rejection(
      http('read-only-key').post('/collections/rs_single/points/payload?wait=true', { payload: { reviewed: true }, points: [1] }, 'setting payload'),
    );
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.message).toContain('Forbidden: Global manage access is required');
  });

  it('maps an unreachable host to unreachable, naming host:port and the cause', async () => {
    const port = await closedPort();
    const store = new QdrantStore({ kind: 'qdrant', url: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
    for (const attempt of [store.ping(), store.fetch('rs_single', ['1'])]) {
      const error = await rejection(attempt);
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).toContain('ECONNREFUSED');
    }
  });

  it('maps a server that does not answer in time to timeout', async () => {
    const replayServer = await open();
    replayServer.hang('/collections/rs_single');
    replayServer.hang('/collections/rs_int_ids/points');
    const store = storeFor(replayServer, { timeoutMs: 200 });
    expect((await rejection(store.describe('rs_single'))).code).toBe('timeout');
    expect((await rejection(store.fetch('rs_int_ids', ['1007']))).code).toBe('timeout');
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new QdrantStore({ kind: 'qdrant', url: 'grpc://localhost:6334' })).toThrow(VectorStoreError);
  });
});
