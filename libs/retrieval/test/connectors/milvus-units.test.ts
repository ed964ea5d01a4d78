/** The pure parts of the Milvus connector and the helpers it shares with Qdrant: no server needed. */
import { describe, expect, it } from 'vitest';
import { checkStatus, toVectorStoreError } from '../../src/connectors/milvus-errors';
import { comparePrimaryKeys, parseSchema, primaryKeyLiteral } from '../../src/connectors/milvus-schema';
import { decodeCursor, encodeCursor, guessTextField, inferPayloadFields, sampleIndices, seededRandom } from '../../src/connectors/shared';
import { VectorStoreError } from '../../src';

describe('shared sampling', () => {
  it('draws n distinct ascending indices, reproducibly, and all of them when n ≥ total', () => {
    const picks = sampleIndices(1_000_000, 500, seededRandom(7));
    expect(new Set(picks).size).toBe(500);
    expect(picks).toEqual([...picks].sort((a, b) => a - b));
    expect(picks.every((index) => index >= 0 && index < 1_000_000)).toBe(true);
    expect(sampleIndices(1_000_000, 500, seededRandom(7))).toEqual(picks);
    expect(sampleIndices(3, 10, seededRandom(1))).toEqual([0, 1, 2]);
  });

  it('is uniform: every index of a small range is picked about equally often', () => {
    const counts = new Array<number>(10).fill(0);
    const random = seededRandom(3);
    for (let trial = 0; trial < 20_000; trial++) for (const index of sampleIndices(10, 3, random)) counts[index]++;
    // expected 6,000 each; 4 standard deviations ≈ 260
    for (const count of counts) expect(Math.abs(count - 6_000)).toBeLessThan(300);
  });
});

describe('shared payload inference', () => {
  const payloads = [
    { title: 'a', body: 'a long passage of text', n: 1, x: 1, when: '2024-05-01T10:00:00Z', tags: ['a'], meta: { a: 1 }, flag: true },
    { title: 'bb', body: 'another long passage', n: 2, x: 1.5, when: '2024-05-02', tags: [], meta: null, odd: 'x' },
    { title: 'c', n: 'three', x: 2 },
  ];

  it('infers types, widening integers to floats and marking disagreements mixed', () => {
    const fields = Object.fromEntries(inferPayloadFields(payloads).map((field) => [field.name, field]));
    expect(fields.title).toEqual({ name: 'title', type: 'string', present: 3 });
    expect(fields.x.type).toBe('float');
    expect(fields.n.type).toBe('mixed');
    expect(fields.when.type).toBe('datetime');
    expect(fields.tags.type).toBe('array');
    expect(fields.meta).toEqual({ name: 'meta', type: 'json', present: 1 });
    expect(fields.flag.type).toBe('boolean');
  });

  it('lets declared schema types win and lists them first', () => {
    const fields = inferPayloadFields(payloads, [{ name: 'n', type: 'integer', indexed: true }]);
    expect(fields[0]).toEqual({ name: 'n', type: 'integer', present: 3, indexed: true });
  });

  it('guesses a well-known text field name first, else the longest string field', () => {
    const fields = inferPayloadFields(payloads);
    expect(guessTextField(fields, payloads)).toBe('body');
    const renamed = payloads.map(({ body, ...rest }) => ({ ...rest, passage: body }));
    expect(guessTextField(inferPayloadFields(renamed), renamed)).toBe('passage');
    expect(guessTextField(inferPayloadFields([{ Page_Content: 'x', other: 'much longer' }]), [{ Page_Content: 'x', other: 'much longer' }])).toBe('Page_Content');
    expect(guessTextField([], [])).toBeUndefined();
  });

  it('round-trips cursors and refuses foreign ones as invalid', () => {
    expect(decodeCursor(encodeCursor('milvus-pk', { after: '9007199254740993' }), 'milvus-pk')).toMatchObject({ after: '9007199254740993' });
    expect(() => decodeCursor(encodeCursor('qdrant', { offset: 1 }), 'milvus-pk')).toThrow(VectorStoreError);
    expect(() => decodeCursor('%%%', 'milvus-pk')).toThrow(/cursor/);
  });
});

describe('Milvus error mapping', () => {
  const codeOf = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return (error as VectorStoreError).code;
    }
    return 'none';
  };

  it('checks both error_code and code, since Milvus Lite says Success with code 100', () => {
    expect(codeOf(() => checkStatus({ error_code: 'Success', code: 0 }, 'x'))).toBe('none');
    expect(codeOf(() => checkStatus({ error_code: 'Success', code: 100, reason: 'collection not found' }, 'x'))).toBe('not_found');
    expect(codeOf(() => checkStatus({ error_code: 'UnexpectedError', code: 1401, reason: 'privilege not permitted' }, 'x'))).toBe('forbidden');
    expect(codeOf(() => checkStatus({ error_code: 'UnexpectedError', code: 1800 }, 'x'))).toBe('unauthorized');
    expect(codeOf(() => checkStatus({ error_code: 'CollectionNotExists', code: 0 }, 'x'))).toBe('not_found');
    expect(codeOf(() => checkStatus({ error_code: 'Success', code: 1100, reason: 'limit out of range' }, 'x'))).toBe('invalid');
    expect(codeOf(() => checkStatus(undefined, 'x'))).toBe('internal');
  });

  it('maps gRPC failures: unavailable, deadline, unauthenticated, permission denied', () => {
    const grpc = (code: number, message: string) => Object.assign(new Error(message), { code });
    const unreachable = toVectorStoreError(grpc(14, '14 UNAVAILABLE: No connection established'), 'ping', 'db:19530') as VectorStoreError;
    expect(unreachable).toMatchObject({ code: 'unreachable', details: { address: 'db:19530' } });
    expect(unreachable.message).toContain('db:19530');
    expect(unreachable.cause).toBeInstanceOf(Error);
    expect(toVectorStoreError(grpc(4, 'DEADLINE_EXCEEDED'), 'query', 'db:19530')).toMatchObject({ code: 'timeout' });
    expect(toVectorStoreError(grpc(16, 'UNAUTHENTICATED: auth check failure'), 'ping', 'db:19530')).toMatchObject({ code: 'unauthorized' });
    expect(toVectorStoreError(grpc(7, 'PERMISSION_DENIED'), 'ping', 'db:19530')).toMatchObject({ code: 'forbidden' });
    expect(toVectorStoreError(new TypeError('boom'), 'ping', 'db:19530')).toMatchObject({ code: 'internal' });
  });
});

describe('Milvus keys in expressions', () => {
  const int64 = { name: 'id', type: 'int64' as const };
  const varchar = { name: 'doc', type: 'varchar' as const };

  it('writes int64 keys exactly and refuses what is not int64', () => {
    expect(primaryKeyLiteral(int64, '9223372036854775807')).toBe('9223372036854775807');
    expect(primaryKeyLiteral(int64, '-9223372036854775808')).toBe('-9223372036854775808');
    expect(primaryKeyLiteral(int64, '007')).toBe('7');
    for (const bad of ['9223372036854775808', '1e3', '', ' 1', 'x']) expect(() => primaryKeyLiteral(int64, bad)).toThrow(VectorStoreError);
  });

  it('quotes varchar keys with escapes', () => {
    expect(primaryKeyLiteral(varchar, 'say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
  });

  it('orders keys as Milvus does: int64 numerically, varchar by UTF-8 bytes', () => {
    expect(comparePrimaryKeys(int64, '9007199254740993', '9007199254740992')).toBe(1);
    expect(comparePrimaryKeys(int64, '-5', '3')).toBe(-1);
    // U+FF5E sorts before U+1F642 in UTF-8 bytes, after it in UTF-16 code units
    expect(comparePrimaryKeys(varchar, '\uff5e', '🙂')).toBe(-1);
  });

  it('reads a schema: key, vector kinds, scalar types, dynamic flag', () => {
    const schema = parseSchema(
      'c',
      [
        { name: 'id', data_type: 'VarChar', is_primary_key: true },
        { name: 'v', data_type: 'FloatVector', dim: '384' },
        { name: 's', data_type: 'SparseFloatVector' },
        { name: 'b', data_type: 'BinaryVector', dim: '64' },
        { name: 'year', data_type: 'Int16' },
        { name: '$meta', data_type: 'JSON', is_dynamic: true },
      ],
      true,
    );
    expect(schema.primaryKey).toEqual({ name: 'id', type: 'varchar' });
    expect(schema.vectorFields.map((field) => [field.name, field.type, field.dimension, field.supported])).toEqual([
      ['v', 'dense', 384, true],
      ['s', 'sparse', 0, false],
      ['b', 'binary', 64, false],
    ]);
    expect(schema.scalarFields).toEqual([{ name: 'year', type: 'integer', dataType: 'Int16' }]);
    expect(schema.dynamic).toBe(true);
  });
});
