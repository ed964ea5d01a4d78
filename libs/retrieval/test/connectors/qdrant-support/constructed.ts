import { LosslessNumber, parse, stringify } from 'lossless-json';
import { recording, type Exchange } from './recordings';

/**
 * Exchanges the recordings lack, built only from recorded data plus Qdrant's OpenAPI schema and
 * checked against that schema in qdrant-fixtures.test.ts. Each says what it derives from.
 */

type Json = Record<string, unknown>;

const ok = (result: unknown): Json => ({ result, status: 'ok', time: new LosslessNumber('0.0001') });

function post(name: string, path: string, body: unknown, result: unknown, derivedFrom: string): Exchange {
  return {
    name: `constructed/${name}`,
    request: { method: 'POST', path, query: {}, headers: { 'content-type': 'application/json' }, body },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: ok(result) },
    derivedFrom,
  };
}

function result(name: string): Json {
  return (recording(name).response.body as Json).result as Json;
}

function requestBody(name: string): Json {
  return recording(name).request.body as Json;
}

/** Points of every recorded scroll page of a scenario, in scroll (id) order. */
function scrolledPoints(names: string[]): Json[] {
  return names.flatMap((name) => result(name).points as Json[]);
}

function withoutVector({ vector: _vector, ...point }: Json): Json {
  return point;
}

const pages = (scenario: string, first: number, count: number, label = 'scroll-page') =>
  Array.from({ length: count }, (_, index) => `${scenario}/${String(first + index).padStart(2, '0')}-${label}${index + 1}.json`);

export const SINGLE_PAGES = pages('single-vector', 6, 9);
export const NAMED_PAGES = pages('named-vectors', 4, 9, 'scroll-text-only-page');
export const INT_PAGES = pages('int-ids', 4, 9);
export const UUID_PAGES = pages('uuid-ids', 4, 9);

/** describe() reads one scroll page of up to 200 payloads without vectors; every collection here has ≤ 26 points. */
export function describeSample(collection: string, pageNames: string[]): Exchange {
  return post(
    `describe-sample-${collection}`,
    `/collections/${collection}/points/scroll`,
    { limit: 200, with_payload: true, with_vector: false },
    { points: scrolledPoints(pageNames).map(withoutVector), next_page_offset: null },
    `${pageNames[0]}… (all recorded pages, with the vector key dropped as with_vector:false does)`,
  );
}

/** rs_indexed is never scrolled unfiltered; its points are the upserted ones (ids ascending), as scroll returns them. */
export function describeSampleIndexed(): Exchange {
  const upserted = (requestBody('payload-indexes/10-upsert.json').points as Json[]).map(({ id, payload }) => ({ id, payload }));
  return post(
    'describe-sample-rs_indexed',
    '/collections/rs_indexed/points/scroll',
    { limit: 200, with_payload: true, with_vector: false },
    { points: upserted, next_page_offset: null },
    'payload-indexes/10-upsert.json (the upserted ids and payloads)',
  );
}

/** The exact count of rs_indexed: the approximate count and points_count both say 25 for this unchanged collection. */
export function exactCountIndexed(): Exchange {
  return post('count-exact-rs_indexed', '/collections/rs_indexed/points/count', { exact: true }, result('payload-indexes/16-count-approx.json'), 'payload-indexes/16-count-approx.json');
}

/**
 * A one-query batch. single-vector/30 shows the batch answer is the list of the single-query
 * answers (its first list equals single-vector/26's), so a recorded single query gives its batch.
 */
export function queryBatchOf(name: string, collection: string): Exchange {
  return post(`query-batch-of-${name.replace(/[/.]/g, '_')}`, `/collections/${collection}/points/query/batch`, { searches: [requestBody(name)] }, [result(name)], name);
}

/** Retrieve with only the `text` vector: the recorded retrieve of all vectors, keeping the asked name (README: vector stays a name-keyed object). */
export function retrieveNamedText(): Exchange {
  const source = 'named-vectors/14-retrieve.json';
  const points = (recording(source).response.body as Json).result as Json[];
  return post(
    'retrieve-named-text',
    '/collections/rs_named/points',
    { ...requestBody(source), with_vector: ['text'] },
    points.map((point) => ({ ...point, vector: { text: (point.vector as Json).text } })),
    source,
  );
}

/** Resuming rs_int_ids at the max-u64 id: scroll is by id and `offset` is inclusive, so the page is that last point. */
export function scrollFromMaxU64(): Exchange {
  const lastPage = result('int-ids/12-scroll-page9.json').points as Json[];
  return post(
    'scroll-int-ids-from-max-u64',
    '/collections/rs_int_ids/points/scroll',
    { limit: 3, with_payload: true, with_vector: true, offset: new LosslessNumber('18446744073709551615') },
    { points: lastPage.slice(1), next_page_offset: null },
    'int-ids/12-scroll-page9.json',
  );
}

/** A random sample of 5 points of rs_single; the points are recorded scored points with vectors (single-vector/27). */
export function randomSampleSingle(): Exchange {
  return post(
    'sample-random-rs_single',
    '/collections/rs_single/points/query',
    { query: { sample: 'random' }, limit: 5, with_payload: false, with_vector: true },
    result('single-vector/27-query-with-vector-threshold.json'),
    'single-vector/27-query-with-vector-threshold.json (its points, as a sample answer has the QueryResponse shape)',
  );
}

/** rs_named's info with a multivector field added beside the recorded fields. */
export function multivectorCollectionInfo(): Exchange {
  const info = parse(stringify(recording('named-vectors/03-get-collection.json').response.body) as string) as Json;
  const params = ((info.result as Json).config as Json).params as Json;
  params.vectors = { ...(params.vectors as Json), colbert: { size: new LosslessNumber('4'), distance: 'Cosine', multivector_config: { comparator: 'max_sim' } } };
  return {
    name: 'constructed/get-collection-rs_multi',
    request: { method: 'GET', path: '/collections/rs_multi', query: {}, headers: {}, body: null },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: info },
    derivedFrom: 'named-vectors/03-get-collection.json plus a MultiVectorConfig field',
  };
}

/** A success envelope whose result lacks `points`: schema-invalid on purpose, to prove malformed answers are refused. */
export function malformedScroll(): Exchange {
  return { ...post('malformed-scroll', '/collections/rs_single/points/scroll', { limit: 7, with_payload: false, with_vector: true }, { next_page_offset: null }, 'none: deliberately malformed') };
}

export function allConstructed(): Exchange[] {
  return [
    describeSample('rs_single', SINGLE_PAGES),
    describeSample('rs_named', NAMED_PAGES),
    describeSample('rs_int_ids', INT_PAGES),
    describeSample('rs_uuid_ids', UUID_PAGES),
    describeSampleIndexed(),
    exactCountIndexed(),
    queryBatchOf('named-vectors/17-query-using-text.json', 'rs_named'),
    queryBatchOf('single-vector/29-query-filter.json', 'rs_single'),
    queryBatchOf('uuid-ids/15-query.json', 'rs_uuid_ids'),
    retrieveNamedText(),
    scrollFromMaxU64(),
    randomSampleSingle(),
    multivectorCollectionInfo(),
  ];
}
