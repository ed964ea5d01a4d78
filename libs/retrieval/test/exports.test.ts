import { describe, expect, it } from 'vitest';
import { VectorStoreError } from '../src';

describe('public API', () => {
  it('exports typed errors that carry an actionable code', () => {
    const error = new VectorStoreError('not_found', 'collection "x" does not exist');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('not_found');
  });
});
