/**
 * Our Query call goes over the SDK's own channel, so it must carry what the SDK's interceptors add:
 * the credentials and the database. Milvus Lite has neither authentication nor databases, so a
 * gRPC server speaking Milvus's protocol description (the one the SDK ships) records what arrives.
 * It checks our client code only; what Milvus answers is tested against Milvus Lite.
 */
import { loadPackageDefinition, Metadata, Server, ServerCredentials, status, type GrpcObject, type sendUnaryData, type ServerUnaryCall, type ServiceClientConstructor } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import milvusDescriptor from '@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MilvusSession } from '../../src/connectors/milvus-session';
import { rejection } from './stream-support';

interface Received {
  metadata: Metadata;
  request: Record<string, unknown>;
}

const received: Received[] = [];
let server: Server;
let address: string;
let answer: (request: Record<string, unknown>) => Record<string, unknown> | { error: status };

beforeAll(async () => {
  const definition = fromJSON(milvusDescriptor as never, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const proto = loadPackageDefinition(definition) as unknown as { milvus: { proto: { milvus: GrpcObject } } };
  const service = (proto.milvus.proto.milvus.MilvusService as ServiceClientConstructor).service;
  server = new Server();
  server.addService(service, {
    Query: (call: ServerUnaryCall<Record<string, unknown>, unknown>, callback: sendUnaryData<unknown>) => {
      received.push({ metadata: call.metadata, request: call.request });
      const reply = answer(call.request);
      if ('error' in reply) callback({ code: reply.error as status, details: 'refused by the test server' });
      else callback(null, reply);
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  address = `127.0.0.1:${port}`;
});

afterAll(() => server?.forceShutdown());

describe('MilvusSession.query over the SDK channel', () => {
  it('sends the credentials and the database the SDK sends, and decodes the reply', async () => {
    answer = () => ({
      status: { code: 0, error_code: 'Success', reason: '' },
      fields_data: [
        { type: 'Int64', field_name: 'id', scalars: { long_data: { data: ['1', '9007199254740993'] } } },
        { type: 'FloatVector', field_name: 'vec', vectors: { dim: '2', float_vector: { data: [0.5, -1, 2, 0.25] } } },
      ],
      output_fields: ['id', 'vec'],
    });
    const session = new MilvusSession({ kind: 'milvus', url: address, username: 'reader', password: 's3cret', database: 'analytics', timeoutMs: 5_000 });
    try {
      const page = await session.query('docs', 'id > 0', ['id', 'vec'], 2);
      expect(page.rowCount).toBe(2);
      expect(page.columns.get('id')).toEqual(['1', '9007199254740993']);
      expect(Array.from(page.floatVectors.get('vec')?.values ?? [])).toEqual([0.5, -1, 2, 0.25]);
    } finally {
      await session.close();
    }
    const { metadata, request } = received[received.length - 1];
    expect(metadata.get('authorization')).toEqual([Buffer.from('reader:s3cret').toString('base64')]);
    expect(metadata.get('dbname')).toEqual(['analytics']);
    expect(request).toMatchObject({ collection_name: 'docs', expr: 'id > 0', output_fields: ['id', 'vec'], query_params: [{ key: 'limit', value: '2' }] });
  });

  it("maps a reply status and a gRPC error to the store's error codes", async () => {
    const session = new MilvusSession({ kind: 'milvus', url: address, timeoutMs: 5_000 });
    try {
      answer = () => ({ status: { code: 100, error_code: 'UnexpectedError', reason: 'collection not found[collection=docs]' }, fields_data: [] });
      expect((await rejection(session.query('docs', '', ['id'], 1))).code).toBe('not_found');
      answer = () => ({ error: status.PERMISSION_DENIED });
      expect((await rejection(session.query('docs', '', ['id'], 1))).code).toBe('forbidden');
    } finally {
      await session.close();
    }
  });
});
