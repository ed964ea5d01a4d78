import { isInteger, parse, stringify } from 'lossless-json';

/**
 * Qdrant point ids are unsigned 64-bit integers or UUIDs. `JSON.parse` turns integers above 2^53
 * into the nearest double (18446744073709551615 becomes 18446744073709552000), so ids are parsed
 * here without loss: unsafe integers become `bigint`, every other number stays a `number`.
 */

/** Every integer of 2^53 or more has at least 16 digits; text without such a run is exact under JSON.parse. */
const LONG_DIGIT_RUN = /\d{16}/;

export function parseJsonExactly(text: string): unknown {
  // The fast path matters: a page of 1,000 × 1,536-d vectors is megabytes of floats.
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return parse(text, null, parseNumberExactly);
}

function parseNumberExactly(digits: string): number | bigint {
  if (!isInteger(digits)) return Number(digits);
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : BigInt(digits);
}

/** JSON text in which `bigint` values are written as exact integer literals. */
export function stringifyJsonExactly(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value cannot be written as JSON');
  return text;
}

/**
 * The shortest decimal that reads back as the same float32. Qdrant stores float32, so this is
 * exact, and it keeps request bodies small (0.6329 instead of 0.6328999996185303).
 */
export function float32ToJsonNumber(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}
