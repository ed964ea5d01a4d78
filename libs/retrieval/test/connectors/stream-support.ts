/** What every connector test needs: whole streams and the VectorStoreError a call ends in. */
import { expect } from 'vitest';
import { VectorStoreError } from '../../src/connectors/types';
import type { PointBatch } from '../../src/connectors/types';

/** Every batch of a stream, for tests that look at the whole of it. */
export async function collect(batches: AsyncIterable<PointBatch>): Promise<PointBatch[]> {
  const all: PointBatch[] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

/** The VectorStoreError a call rejects with; the test fails if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<VectorStoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VectorStoreError);
  return error as VectorStoreError;
}
