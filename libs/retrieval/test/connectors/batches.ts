import type { PointBatch } from '../../src/connectors/types';

/** Every batch of a stream, for tests that look at the whole of it. */
export async function collect(batches: AsyncIterable<PointBatch>): Promise<PointBatch[]> {
  const all: PointBatch[] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}
