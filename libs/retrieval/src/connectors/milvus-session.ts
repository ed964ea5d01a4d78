/**
 * One connection to a Milvus server (or Zilliz Cloud, or Milvus Lite) and the few calls the store
 * builds on, each with its errors mapped and its reply status checked.
 */
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { checkStatus, toVectorStoreError, type MilvusStatus } from './milvus-errors';
import { decodeQueryReply, encodeQueryRequest, QUERY_METHOD, queryReplyColumns, type DecodedQueryReply, type QueryColumns, type QueryRequest } from './milvus-query-reply';
import { distanceFromMetric, parseSchema, type DescribedField, type MilvusSchema } from './milvus-schema';
import { VectorStoreError, type ConnectionConfig } from './types';

/** One entity as the SDK returns search hits, or as we rebuild them from query columns: field name → value; int64 values are decimal strings. */
export type MilvusRow = Record<string, unknown>;

/** Milvus caps query and search limits (limit + offset) at 16,384. */
export const MAX_QUERY_LIMIT = 16_384;
/** merr ErrCollectionNotLoaded */
const COLLECTION_NOT_LOADED = 101;

export class MilvusSession {
  readonly address: string;
  private readonly client: MilvusClient;
  /** settles when the SDK's initial connect settles; calls wait for it, their own errors tell what went wrong */
  private readonly connecting: Promise<void>;
  private readonly loaded = new Set<string>();

  constructor(config: ConnectionConfig) {
    this.address = config.url;
    const tls = config.tls ?? config.url.startsWith('https://');
    this.client = new MilvusClient({
      address: config.url,
      ssl: tls,
      token: config.token ?? config.apiKey,
      username: config.username,
      password: config.password,
      database: config.database,
      timeout: config.timeoutMs,
      // the SDK logs every request body (vectors included) at debug level when NODE_ENV is test or debug
      logLevel: 'warn',
    });
    this.connecting = this.client.connectPromise.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Runs an SDK call, mapping anything it throws (unreachable, timeout, auth) to a VectorStoreError. */
  async call<T>(what: string, run: (client: MilvusClient) => Promise<T>, details: Record<string, unknown> = {}): Promise<T> {
    await this.connecting;
    try {
      return await run(this.client);
    } catch (error) {
      throw toVectorStoreError(error, what, this.address, details);
    }
  }

  /** Like call(), and the reply's status must say success. */
  async checked<T extends { status: MilvusStatus }>(
    what: string,
    run: (client: MilvusClient) => Promise<T>,
    details: Record<string, unknown> = {},
  ): Promise<T> {
    const reply = await this.call(what, run, details);
    checkStatus(reply.status, what, details);
    return reply;
  }

  async collectionNames(): Promise<string[]> {
    const reply = await this.checked('listing collections', (client) => client.showCollections());
    return reply.data.map((collection) => collection.name);
  }

  /**
   * The collection's schema with each vector field's metric from its index. describeCollection
   * in SDK 3.0.6 throws a TypeError instead of returning the status when the collection is
   * missing, and Milvus Lite's hasCollection answers true for any name, so a failed describe is
   * checked against the collection list to tell not_found from other failures.
   */
  async schema(collection: string): Promise<MilvusSchema & { indexedFields: Set<string> }> {
    const details = { collection };
    let described: Awaited<ReturnType<MilvusClient['describeCollection']>>;
    try {
      described = await this.call(`describing collection "${collection}"`, (client) => client.describeCollection({ collection_name: collection }), details);
      checkStatus(described.status, `describing collection "${collection}"`, details);
    } catch (error) {
      if (error instanceof VectorStoreError && (error.code === 'unreachable' || error.code === 'unauthorized' || error.code === 'timeout')) throw error;
      const names = await this.collectionNames();
      if (!names.includes(collection)) throw this.notFound(collection, names);
      throw error;
    }
    const fields = (described.schema?.fields ?? []) as unknown as DescribedField[];
    const schema = parseSchema(collection, fields, Boolean(described.schema?.enable_dynamic_field));
    const indexes = await this.call(`reading the indexes of "${collection}"`, (client) => client.describeIndex({ collection_name: collection }), details);
    const noIndex = Number(indexes.status?.code ?? 0) === 700 || /index (not found|doesn't exist|not exist)/i.test(indexes.status?.reason ?? '');
    // A collection without any index answers "index not found": not an error for describing it.
    if (!noIndex) checkStatus(indexes.status, `reading the indexes of "${collection}"`, details);
    const indexedFields = new Set<string>();
    for (const index of indexes.index_descriptions ?? []) {
      indexedFields.add(index.field_name);
      const metric = index.params.find((param) => param.key === 'metric_type')?.value;
      const vectorField = schema.vectorFields.find((field) => field.name === index.field_name);
      if (vectorField) vectorField.distance = distanceFromMetric(typeof metric === 'string' ? metric : undefined);
    }
    return { ...schema, indexedFields };
  }

  notFound(collection: string, available: string[]): VectorStoreError {
    return new VectorStoreError('not_found', `collection "${collection}" does not exist at ${this.address}`, { collection, available });
  }

  /**
   * Queries and searches need the collection in memory. A server refuses to load a collection whose
   * vector fields have no index; that is said plainly, since it is the person's to fix.
   */
  async ensureLoaded(collection: string): Promise<void> {
    if (this.loaded.has(collection)) return;
    const details = { collection };
    const state = await this.checked(`reading the load state of "${collection}"`, (client) => client.getLoadState({ collection_name: collection }), details);
    if (state.state !== 'LoadStateLoaded') {
      try {
        const status = await this.call(`loading collection "${collection}"`, (client) => client.loadCollection({ collection_name: collection }), details);
        checkStatus(status, `loading collection "${collection}"`, details);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/index (not found|doesn't exist|not exist)|no index|IndexNotExist/i.test(message)) {
          throw new VectorStoreError(
            'invalid',
            `collection "${collection}" cannot be loaded because a vector field has no index; create an index (FLAT is exact) and try again`,
            { ...details, reason: 'no_index' },
            { cause: error },
          );
        }
        throw error;
      }
    }
    this.loaded.add(collection);
  }

  /**
   * Runs a request that needs the collection loaded. If it was released (or dropped and made
   * again) since we loaded it, Milvus answers "collection not loaded" (101): load and retry once.
   */
  async whileLoaded<T>(collection: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof VectorStoreError) || error.details?.milvusCode !== COLLECTION_NOT_LOADED) throw error;
      this.loaded.delete(collection);
      await this.ensureLoaded(collection);
      return run();
    }
  }

  /**
   * One query page as columns, float vectors in one Float32Array (decoded by us, see
   * milvus-query-reply.ts). Rows come back ordered by primary key: Milvus merges segment results that way.
   */
  async query(collection: string, filter: string, outputFields: string[], limit: number): Promise<QueryColumns> {
    const what = `querying "${collection}"`;
    const details = { collection, filter };
    return this.whileLoaded(collection, async () => {
      const request = { collection_name: collection, expr: filter, output_fields: outputFields, limit };
      const reply = await this.call(what, (client) => unaryQuery(client, request), details);
      checkStatus(reply.status ?? {}, what, details);
      return queryReplyColumns(reply);
    });
  }

  async close(): Promise<void> {
    await this.connecting;
    await this.client.closeConnection();
  }
}

/**
 * A Query call on a channel of the SDK's own pool, so address, TLS, the auth and database headers,
 * its interceptors and its deadline are the SDK's; only the message coding is ours.
 */
async function unaryQuery(client: MilvusClient, request: QueryRequest): Promise<DecodedQueryReply> {
  const pool = client.channelPool;
  const channel = await pool.acquire();
  try {
    // the SDK treats a timeout of 0 as a day
    const deadline = new Date(Date.now() + (client.timeout || 86_400_000));
    return await new Promise<DecodedQueryReply>((resolve, reject) => {
      channel.makeUnaryRequest(QUERY_METHOD, (bytes: Buffer) => bytes, decodeQueryReply, encodeQueryRequest(request), { deadline }, (error, reply) => {
        if (error || !reply) reject(error ?? new Error('Milvus answered the query with an empty reply'));
        else resolve(reply);
      });
    });
  } finally {
    await pool.release(channel);
  }
}
