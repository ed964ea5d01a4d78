import { describe, expect, it } from 'vitest';
import { idToWire } from '../../src/connectors/qdrant-ids';
import { float32ToJsonNumber, parseJsonExactly, stringifyJsonExactly } from '../../src/connectors/qdrant-json';
import { guessTextField, inferPayloadFields } from '../../src/connectors/shared';
import { recording } from './qdrant-support/recordings';
import { checkAgainstSchema } from './qdrant-support/schema-check';

describe('exact JSON for Qdrant ids', () => {
  it('reads integers beyond 2^53 as bigint and writes them back digit for digit', () => {
    const parsed = parseJsonExactly('{"id":18446744073709551615,"score":4.458e-6,"small":7}') as Record<string, unknown>;
    expect(parsed).toEqual({ id: 18446744073709551615n, score: 4.458e-6, small: 7 });
    expect(stringifyJsonExactly({ ids: [idToWire('18446744073709551615'), idToWire('5')] })).toBe('{"ids":[18446744073709551615,5]}');
  });

  it('refuses ids that are neither u64 nor UUID', () => {
    expect(() => idToWire('18446744073709551616')).toThrow(/u64/);
    expect(() => idToWire('abc')).toThrow(/not a Qdrant point id/);
    expect(idToWire('BFA72B0A63115DD586EEE68F5B50F15B')).toBe('BFA72B0A63115DD586EEE68F5B50F15B');
  });

  it('writes float32 values as their shortest exact decimal', () => {
    const values = Float32Array.from([0.6329, -0.9656, 0.09365503, 1e-7, 3]);
    const written = Array.from(values, float32ToJsonNumber);
    expect(written).toEqual([0.6329, -0.9656, 0.09365503, 1e-7, 3]);
    expect(Float32Array.from(written)).toEqual(values);
  });
});

describe('payload inference', () => {
  it('falls back to the string field with the longest average length', () => {
    const payloads = [
      { title: 'short', passage: 'a much longer passage of text', lang: 'en' },
      { title: 'tiny', passage: 'another long passage here', lang: 'de' },
    ];
    const fields = inferPayloadFields(payloads);
    expect(guessTextField(fields, payloads)).toBe('passage');
    expect(guessTextField(inferPayloadFields([{ body: 'x', summary: 'a long summary' }]), [{ body: 'x', summary: 'a long summary' }])).toBe('body');
  });

  it('merges types: integer with float is float, anything else mixed, nulls ignored', () => {
    const fields = inferPayloadFields([{ a: 1, b: 'x', c: null }, { a: 1.5, b: 2, c: true }]);
    expect(fields.map((field) => [field.name, field.type])).toEqual([
      ['a', 'float'],
      ['b', 'mixed'],
      ['c', 'boolean'],
    ]);
  });
});

describe('schema check', () => {
  it('is not vacuous: a recorded answer with a wrong type is reported', () => {
    const recorded = recording('single-vector/05-get-collection.json');
    const broken = structuredClone(recorded);
    ((broken.response.body as { result: Record<string, unknown> }).result).segments_count = 'two';
    const [problem] = checkAgainstSchema([{ ...broken, name: 'broken' }]);
    expect(problem.name).toBe('broken');
    expect(problem.problems.join('\n')).toMatch(/segments_count|string.*number/);
  });
});
