import { describe, expect, it } from 'vitest';
import { decodeFloat32Vector, decodeTraceResponse, encodeFloat32Vector, encodeTraceResponse } from '../../src/spans';

describe('ExportTraceServiceResponse', () => {
  it('is empty when everything was accepted, in both encodings', () => {
    expect(encodeTraceResponse({ rejectedSpans: 0, errorMessage: '' }, 'json').toString()).toBe('{}');
    expect(encodeTraceResponse({ rejectedSpans: 0, errorMessage: '' }, 'protobuf')).toHaveLength(0);
  });

  it('carries the partial success in the encoding of the request', () => {
    const partial = { rejectedSpans: 2, errorMessage: 'span 01: traceId must be 16 bytes' };
    expect(JSON.parse(encodeTraceResponse(partial, 'json').toString())).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: partial.errorMessage } });
    for (const encoding of ['json', 'protobuf'] as const) {
      expect(decodeTraceResponse(encodeTraceResponse(partial, encoding), encoding)).toEqual(partial);
    }
  });
});

describe('float32 vector bytes', () => {
  it('round-trip little-endian', () => {
    const vector = new Float32Array([1.5, -0.25, 3e-8]);
    const bytes = encodeFloat32Vector(vector);
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 0xc0, 0x3f]);
    expect(decodeFloat32Vector(bytes)).toEqual(vector);
    expect(() => decodeFloat32Vector(new Uint8Array(3))).toThrow('multiple of 4');
  });
});
