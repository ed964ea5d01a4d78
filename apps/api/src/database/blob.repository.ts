import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Binary results (map points, fitted models) kept in the metadata database, so that SQLite and
 * PostgreSQL deployments alike serve them after a restart without recomputation. Raw table access:
 * TypeORM has no column type that is a blob on both drivers.
 */
@Injectable()
export class BlobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async put(key: string, bytes: Uint8Array, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const value = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await manager.transaction(async (tx) => {
      await tx.createQueryBuilder().delete().from('blobs').where('key = :key', { key }).execute();
      await tx.createQueryBuilder().insert().into('blobs', ['key', 'bytes', 'size']).values({ key, bytes: value, size: value.length }).execute();
    });
  }

  async get(key: string): Promise<Buffer | undefined> {
    const row = await this.dataSource.createQueryBuilder().select('bytes', 'bytes').from('blobs', 'b').where('b.key = :key', { key }).getRawOne<{ bytes: Buffer }>();
    return row?.bytes;
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.dataSource.createQueryBuilder().delete().from('blobs').where('key LIKE :pattern', { pattern: `${prefix}%` }).execute();
  }
}
