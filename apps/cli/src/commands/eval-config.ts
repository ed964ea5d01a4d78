import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConnectionConfig, VectorStoreKind } from '@ragscope/retrieval';

/** `ragscope eval`'s configuration, paths resolved against the config file's directory. */
export interface EvalConfig {
  name?: string;
  evalSet: { path: string; split?: string };
  queryVectors?: { vectors: string; ids: string };
  connection: ConnectionConfig;
  collection: string;
  vectorField?: string;
  k: number;
  measures?: string[];
  thresholds: Record<string, number>;
  out?: string;
  embedder?: { baseUrl: string; model: string; apiKey?: string; dimensions?: number; batchSize?: number };
  judge?: { baseUrl: string; model: string; apiKey?: string; topN: number; textField?: string; cache?: string };
}

/** Every problem of a config file, each naming its JSON path. */
export class EvalConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the configuration\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EvalConfigError';
  }
}

type Json = Record<string, unknown>;

const KINDS: VectorStoreKind[] = ['milvus', 'qdrant'];

/** Reads and validates a config file; unknown keys are errors (a typo must not be silently ignored). */
export function loadEvalConfig(file: string, env: NodeJS.ProcessEnv = process.env): EvalConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvalConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EvalConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const base = dirname(resolve(file));
  const v = new Validator(problems, env);
  if (!isObject(raw)) throw new EvalConfigError(file, ['the configuration must be a JSON object']);
  v.keys(raw, '', ['$schema', 'name', 'evalSet', 'queryVectors', 'connection', 'collection', 'vectorField', 'k', 'measures', 'thresholds', 'out', 'embedder', 'judge']);

  const evalSet = v.object(raw, 'evalSet', true);
  if (evalSet) v.keys(evalSet, 'evalSet', ['path', 'split']);
  const queryVectors = v.object(raw, 'queryVectors', false);
  if (queryVectors) v.keys(queryVectors, 'queryVectors', ['vectors', 'ids']);
  const connection = v.object(raw, 'connection', true);
  if (connection) v.keys(connection, 'connection', ['kind', 'url', 'database', 'tls', 'username', 'token', 'tokenEnv', 'apiKey', 'apiKeyEnv', 'password', 'passwordEnv', 'timeoutMs']);
  const embedder = v.object(raw, 'embedder', false);
  if (embedder) v.keys(embedder, 'embedder', ['baseUrl', 'model', 'apiKey', 'apiKeyEnv', 'dimensions', 'batchSize']);
  const judge = v.object(raw, 'judge', false);
  if (judge) v.keys(judge, 'judge', ['baseUrl', 'model', 'apiKey', 'apiKeyEnv', 'topN', 'textField', 'cache']);
  const thresholds = v.object(raw, 'thresholds', false);

  const path = (value: string | undefined) => (value === undefined ? undefined : resolve(base, value));
  const config: EvalConfig = {
    ...opt('name', v.string(raw, 'name', false)),
    evalSet: { path: path(evalSet && v.string(evalSet, 'path', true, 'evalSet.')) ?? '', ...opt('split', evalSet && v.string(evalSet, 'split', false, 'evalSet.')) },
    ...(queryVectors ? { queryVectors: { vectors: path(v.string(queryVectors, 'vectors', true, 'queryVectors.')) ?? '', ids: path(v.string(queryVectors, 'ids', true, 'queryVectors.')) ?? '' } } : {}),
    connection: connection ? v.connection(connection) : ({} as ConnectionConfig),
    collection: v.string(raw, 'collection', true) ?? '',
    ...opt('vectorField', v.string(raw, 'vectorField', false)),
    k: v.integer(raw, 'k', 1, 1000) ?? 100,
    ...opt('measures', v.stringList(raw, 'measures')),
    thresholds: thresholds ? v.thresholds(thresholds) : {},
    ...opt('out', path(v.string(raw, 'out', false))),
    ...(embedder
      ? {
          embedder: {
            baseUrl: v.string(embedder, 'baseUrl', true, 'embedder.') ?? '',
            model: v.string(embedder, 'model', true, 'embedder.') ?? '',
            ...opt('apiKey', v.secret(embedder, 'apiKey', 'embedder.')),
            ...opt('dimensions', v.integer(embedder, 'dimensions', 1, 65_536, 'embedder.')),
            ...opt('batchSize', v.integer(embedder, 'batchSize', 1, 2048, 'embedder.')),
          },
        }
      : {}),
    ...(judge
      ? {
          judge: {
            baseUrl: v.string(judge, 'baseUrl', true, 'judge.') ?? '',
            model: v.string(judge, 'model', true, 'judge.') ?? '',
            ...opt('apiKey', v.secret(judge, 'apiKey', 'judge.')),
            topN: v.integer(judge, 'topN', 1, 100, 'judge.') ?? 10,
            ...opt('textField', v.string(judge, 'textField', false, 'judge.')),
            ...opt('cache', path(v.string(judge, 'cache', false, 'judge.'))),
          },
        }
      : {}),
  };
  if (problems.length) throw new EvalConfigError(file, problems);
  return config;
}

function opt<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Validator {
  constructor(
    private readonly problems: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  keys(object: Json, at: string, allowed: string[]): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) this.problems.push(`${at ? `${at}.` : ''}${key}: unknown setting (allowed here: ${allowed.filter((a) => a !== '$schema').join(', ')})`);
    }
  }

  object(parent: Json, key: string, required: boolean): Json | undefined {
    const value = parent[key];
    if (value === undefined) {
      if (required) this.problems.push(`${key}: required`);
      return undefined;
    }
    if (!isObject(value)) {
      this.problems.push(`${key}: expected an object, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  string(parent: Json, key: string, required: boolean, at = ''): string | undefined {
    const value = parent[key];
    if (value === undefined) {
      if (required) this.problems.push(`${at}${key}: required`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.push(`${at}${key}: expected a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  integer(parent: Json, key: string, min: number, max: number, at = ''): number | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${at}${key}: expected an integer from ${min} to ${max}, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  stringList(parent: Json, key: string): string[] | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
      this.problems.push(`${key}: expected a non-empty list of measure names such as "P_10", "ndcg_cut_10", got ${describe(value)}`);
      return undefined;
    }
    return value as string[];
  }

  thresholds(object: Json): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, value] of Object.entries(object)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) this.problems.push(`thresholds.${name}: expected a number, got ${describe(value)}`);
      else out[name] = value;
    }
    return out;
  }

  /** A secret given inline or, better, by the name of an environment variable (`<key>Env`). */
  secret(parent: Json, key: string, at = ''): string | undefined {
    const inline = this.string(parent, key, false, at);
    const envName = this.string(parent, `${key}Env`, false, at);
    if (inline !== undefined && envName !== undefined) this.problems.push(`${at}${key}: give either ${key} or ${key}Env, not both`);
    if (envName === undefined) return inline;
    const value = this.env[envName];
    if (!value) this.problems.push(`${at}${key}Env: the environment variable ${envName} is not set`);
    return value || undefined;
  }

  connection(object: Json): ConnectionConfig {
    const kind = object.kind;
    if (!KINDS.includes(kind as VectorStoreKind)) this.problems.push(`connection.kind: expected one of ${KINDS.join(', ')}, got ${describe(kind)}`);
    const url = this.string(object, 'url', true, 'connection.');
    const tls = object.tls;
    if (tls !== undefined && typeof tls !== 'boolean') this.problems.push(`connection.tls: expected true or false, got ${describe(tls)}`);
    return {
      kind: kind as VectorStoreKind,
      url: url ?? '',
      ...opt('database', this.string(object, 'database', false, 'connection.')),
      ...opt('username', this.string(object, 'username', false, 'connection.')),
      ...opt('tls', typeof tls === 'boolean' ? tls : undefined),
      ...opt('token', this.secret(object, 'token', 'connection.')),
      ...opt('apiKey', this.secret(object, 'apiKey', 'connection.')),
      ...opt('password', this.secret(object, 'password', 'connection.')),
      ...opt('timeoutMs', this.integer(object, 'timeoutMs', 1, 3_600_000, 'connection.')),
    };
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
