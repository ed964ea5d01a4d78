import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isLosslessNumber, parse } from 'lossless-json';

/**
 * The recorded Qdrant 1.18.3 exchanges in shared/fixtures/qdrant (one request/response per file).
 * Bodies are parsed with lossless-json so that numbers keep their exact text: ids like
 * 18446744073709551615 and Qdrant's number formatting survive replay byte for byte.
 */
export interface Exchange {
  /** `<scenario>/<file>` for recordings, `constructed/<name>` for schema-checked fixtures we built */
  name: string;
  request: { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
  /** for constructed fixtures: which recordings they are derived from and how */
  derivedFrom?: string;
}

export const SCENARIOS = ['server', 'single-vector', 'named-vectors', 'int-ids', 'uuid-ids', 'payload-indexes', 'errors', 'api-key'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const FIXTURES_DIR = resolve(process.env.QDRANT_FIXTURES_DIR ?? join(__dirname, '../../../../../../shared/fixtures/qdrant'));

export function loadScenario(scenario: Scenario): Exchange[] {
  const dir = join(FIXTURES_DIR, scenario);
  if (!existsSync(dir)) throw new Error(`Qdrant recordings not found at ${dir} (set QDRANT_FIXTURES_DIR)`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const recorded = parse(readFileSync(join(dir, file), 'utf8')) as Omit<Exchange, 'name'>;
      return { ...recorded, response: { ...recorded.response, status: Number(recorded.response.status) }, name: `${scenario}/${file}` };
    });
}

export function loadAll(): Exchange[] {
  return SCENARIOS.flatMap(loadScenario);
}

export function recording(name: string): Exchange {
  const [scenario] = name.split('/');
  const found = loadScenario(scenario as Scenario).find((exchange) => exchange.name === name);
  if (!found) throw new Error(`no recording ${name}`);
  return found;
}

/** Plain JS values (numbers, or bigint beyond 2^53) for assertions on recorded bodies. */
export function plain(value: unknown): unknown {
  if (isLosslessNumber(value)) {
    const text = value.value;
    return /^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text)) ? BigInt(text) : Number(text);
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}
