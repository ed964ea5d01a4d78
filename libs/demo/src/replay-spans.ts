import { randomBytes } from 'node:crypto';
import { MilvusStore, type IrDataset } from '@ragscope/retrieval';
import type { RagscopeClient } from './api-client';

const TOP_K = 10;
const SPANS_PER_EXPORT = 50;

type AnyValue = { stringValue: string } | { doubleValue: number } | { intValue: string } | { arrayValue: { values: AnyValue[] } };
const str = (value: string): AnyValue => ({ stringValue: value });
const attr = (key: string, value: AnyValue) => ({ key, value });

/**
 * Sends the dataset's queries to ragscope as an instrumented RAG app would: over OTLP/HTTP (JSON),
 * one trace per query with an OpenInference EMBEDDING span (the query vector) and a RETRIEVER span
 * (the top documents exact search finds in the collection, with ranks and scores).
 */
export async function replayQueriesAsSpans(client: RagscopeClient, milvusAddress: string, collection: string, dataset: IrDataset, serviceName = 'ragscope-demo'): Promise<number> {
  const { ids: queryIds, vectors, dimension } = dataset.queryEmbeddings;
  const textById = new Map(dataset.evalSet.queries.map((q) => [q.id, q.text]));
  const store = new MilvusStore({ kind: 'milvus', url: milvusAddress });
  let sent = 0;
  try {
    const hits = await store.search(collection, vectors, TOP_K, { withPayload: ['text'] });
    const started = Date.now() - queryIds.length * 60_000;
    for (let start = 0; start < queryIds.length; start += SPANS_PER_EXPORT) {
      const spans = [];
      for (let q = start; q < Math.min(queryIds.length, start + SPANS_PER_EXPORT); q++) {
        const traceId = randomBytes(16).toString('hex');
        const time = BigInt(started + q * 60_000) * 1_000_000n;
        const query = textById.get(queryIds[q]) ?? '';
        const vector = Array.from(vectors.subarray(q * dimension, (q + 1) * dimension));
        const embeddingSpanId = randomBytes(8).toString('hex');
        spans.push({
          traceId, spanId: embeddingSpanId, name: 'embed query', kind: 1,
          startTimeUnixNano: String(time), endTimeUnixNano: String(time + 5_000_000n),
          attributes: [
            attr('openinference.span.kind', str('EMBEDDING')),
            attr('embedding.model_name', str('sentence-transformers/all-MiniLM-L6-v2')),
            attr('embedding.embeddings.0.embedding.text', str(query)),
            attr('embedding.embeddings.0.embedding.vector', { arrayValue: { values: vector.map((v) => ({ doubleValue: v })) } }),
          ],
        });
        spans.push({
          traceId, spanId: randomBytes(8).toString('hex'), name: 'retrieve', kind: 1,
          startTimeUnixNano: String(time + 5_000_000n), endTimeUnixNano: String(time + 20_000_000n),
          attributes: [
            attr('openinference.span.kind', str('RETRIEVER')),
            attr('input.value', str(query)),
            attr('ragscope.collection', str(collection)),
            attr('ragscope.query_id', str(queryIds[q])),
            ...hits[q].flatMap((hit, rank) => [
              attr(`retrieval.documents.${rank}.document.id`, str(hit.id)),
              attr(`retrieval.documents.${rank}.document.score`, { doubleValue: hit.score }),
              attr(`retrieval.documents.${rank}.document.content`, str(String(hit.payload?.text ?? '').slice(0, 500))),
            ]),
          ],
        });
      }
      const body = { resourceSpans: [{ resource: { attributes: [attr('service.name', str(serviceName))] }, scopeSpans: [{ scope: { name: 'ragscope-demo' }, spans }] }] };
      const reply = await client.post<{ partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } }>('/v1/traces', body);
      const rejected = Number(reply?.partialSuccess?.rejectedSpans ?? 0);
      if (rejected) throw new Error(`ragscope rejected ${rejected} demo span(s): ${reply.partialSuccess?.errorMessage}`);
      sent += spans.length / 2;
    }
    return sent;
  } finally {
    await store.close();
  }
}
