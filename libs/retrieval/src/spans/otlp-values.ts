import type { AttributeValue, Attributes } from './types';

/**
 * Conversions shared by both OTLP encodings. The protobuf decoder and JSON.parse give the same
 * object shape (lowerCamelCase fields) and differ only in three ways, handled here: ids are bytes
 * in protobuf and hex strings in JSON, 64-bit integers are Long objects in protobuf and strings
 * or numbers in JSON, and bytes values are Uint8Array in protobuf and base64 strings in JSON.
 */

interface LongLike {
  toString(): string;
}

/** A KeyValue list as decoded from either encoding. */
export interface KeyValueLike {
  key?: unknown;
  value?: unknown;
}

export function attributesOf(list: unknown): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(list)) return attributes;
  for (const entry of list as KeyValueLike[]) {
    if (entry === null || typeof entry !== 'object' || typeof entry.key !== 'string') continue;
    attributes[entry.key] = anyValueOf(entry.value);
  }
  return attributes;
}

export function anyValueOf(value: unknown): AttributeValue {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.stringValue != null) return String(v.stringValue);
  if (v.boolValue != null) return v.boolValue === true || v.boolValue === 'true';
  if (v.intValue != null) return integerOf(v.intValue);
  if (v.doubleValue != null) return Number(v.doubleValue);
  if (v.arrayValue != null) {
    const values = (v.arrayValue as { values?: unknown }).values;
    return Array.isArray(values) ? values.map(anyValueOf) : [];
  }
  if (v.kvlistValue != null) return attributesOf((v.kvlistValue as { values?: unknown }).values);
  if (v.bytesValue != null) return v.bytesValue instanceof Uint8Array ? bufferOf(v.bytesValue).toString('base64') : String(v.bytesValue);
  return null;
}

/** An int64 as a number when it is exact, else as its decimal string. */
function integerOf(value: unknown): number | string {
  const text = typeof value === 'object' && value !== null ? (value as LongLike).toString() : String(value);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** A fixed64 nanosecond timestamp as a decimal string, or undefined when it is not one. */
export function nanosOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return '0';
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? BigInt(Math.trunc(value)).toString() : undefined;
  const text = typeof value === 'object' ? (value as LongLike).toString() : String(value);
  return /^\d{1,20}$/.test(text) ? BigInt(text).toString() : undefined;
}

export function nanosToDate(nanos: string): Date {
  return new Date(Number(BigInt(nanos) / 1_000_000n));
}

export function durationMsOf(startNanos: string, endNanos: string): number | null {
  if (endNanos === '0') return null;
  const delta = BigInt(endNanos) - BigInt(startNanos);
  return delta < 0n ? null : Number(delta) / 1e6;
}

/**
 * A trace or span id as lowercase hex, or undefined when it is not `bytes` long or all zero
 * (the OTLP spec calls those invalid). Empty means absent and gives null.
 */
export function idOf(value: unknown, bytes: number): string | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  let hex: string;
  if (value instanceof Uint8Array) {
    if (value.length === 0) return null;
    hex = bufferOf(value).toString('hex');
  } else if (typeof value === 'string') {
    hex = value.toLowerCase();
  } else {
    return undefined;
  }
  if (hex.length !== bytes * 2 || !/^[0-9a-f]+$/.test(hex) || /^0+$/.test(hex)) return undefined;
  return hex;
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
