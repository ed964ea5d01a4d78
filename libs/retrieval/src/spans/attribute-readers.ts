import type { AttributeValue } from './types';

/** Collects what was wrong with known attributes, so the export response can say it. */
export class Warnings {
  readonly messages: string[] = [];

  add(spanId: string, message: string): void {
    this.messages.push(`span ${spanId}: ${message}`);
  }
}

export function stringAttribute(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/** A number, also from a numeric string (some SDKs stringify every attribute). */
export function numberAttribute(value: AttributeValue | undefined): number | null | 'invalid' {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'invalid';
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : 'invalid';
  }
  return 'invalid';
}

/** A dense vector from an array attribute or a JSON-encoded array string (OpenLLMetry sends the latter). */
export function vectorAttribute(value: AttributeValue | undefined): Float32Array | null | 'invalid' {
  if (value === undefined || value === null) return null;
  let items: unknown = value;
  if (typeof value === 'string') {
    try {
      items = JSON.parse(value);
    } catch {
      return 'invalid';
    }
  }
  if (!Array.isArray(items) || items.length === 0) return 'invalid';
  const vector = new Float32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const n = items[i];
    if (typeof n !== 'number' || !Number.isFinite(n)) return 'invalid';
    vector[i] = n;
  }
  return vector;
}

/** Metadata is sent as a JSON string by OpenInference; kept parsed when it parses, as sent otherwise. */
export function jsonAttribute(value: AttributeValue | undefined): AttributeValue {
  if (typeof value !== 'string') return value ?? null;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed) as AttributeValue;
  } catch {
    return value;
  }
}

export function describe(value: AttributeValue | undefined): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
