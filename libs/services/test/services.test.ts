import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { connect } from 'node:net';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startMilvusLite, startPostgres } from '../src';

describe('Milvus Lite launcher', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-services-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the real engine, round-trips vectors through the Node SDK, and frees the port on stop', async () => {
    const server = await startMilvusLite({ dataDir });
    const client = new MilvusClient({ address: server.address, logLevel: 'warn' });
    try {
      await client.createCollection({
        collection_name: 'roundtrip',
        fields: [
          { name: 'id', data_type: DataType.Int64, is_primary_key: true },
          { name: 'vec', data_type: DataType.FloatVector, dim: 4 },
        ],
      });
      const rows = [
        { id: 1, vec: [0.1, 0.2, 0.3, 0.4] },
        { id: 2, vec: [-1, 0, 0.5, 2] },
      ];
      const inserted = await client.insert({ collection_name: 'roundtrip', data: rows });
      expect(inserted.status.error_code).toBe('Success');
      await client.createIndex({ collection_name: 'roundtrip', field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' });
      await client.loadCollectionSync({ collection_name: 'roundtrip' });
      const result = await client.query({ collection_name: 'roundtrip', filter: 'id >= 0', output_fields: ['id', 'vec'] });
      const byId = new Map(result.data.map((r) => [String(r.id), r.vec as number[]]));
      expect(byId.get('2')).toEqual([-1, 0, 0.5, 2]);
      expect(Array.from(byId.get('1')!)).toEqual(Array.from(new Float32Array([0.1, 0.2, 0.3, 0.4])));
    } finally {
      await client.closeConnection();
      await server.stop();
    }
    // the forked `milvus` child must be gone too: nothing listens on the port, no process is left in the group
    const [host, port] = server.address.split(':');
    await expect(canConnect(host, Number(port))).resolves.toBe(false);
    expect(() => process.kill(-server.pid, 0)).toThrow();
  });
});

describe('PostgreSQL launcher', () => {
  it('starts a throw-away cluster that accepts queries', async () => {
    const server = await startPostgres();
    try {
      const client = new Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ answer: number }>('select 6 * 7 as answer');
      await client.end();
      expect(rows[0].answer).toBe(42);
    } finally {
      await server.stop();
    }
  });
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
