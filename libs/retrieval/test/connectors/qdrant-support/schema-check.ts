import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'lossless-json';
import ts from 'typescript';
import type { Exchange } from './recordings';

/**
 * Checks exchanges against Qdrant's OpenAPI schema as @qdrant/js-client-rest bundles it: the
 * package ships the schema only as openapi-typescript output (dist/types/openapi/generated_schema.d.ts),
 * not as JSON, so the validator is the TypeScript checker. Each response body becomes a literal
 * typed as that operation's response for the status (exact status, else 4XX, else default); each
 * request body of a constructed fixture is typed as the operation's request body. Object literals
 * get TypeScript's excess-property check, so unknown fields are reported as well as wrong types.
 */

const SCHEMA_FILE = join(dirname(require.resolve('@qdrant/js-client-rest')), '../types/openapi/generated_schema.d.ts');
const SCHEMA_MODULE = SCHEMA_FILE.replace(/\.d\.ts$/, '');

const HELPERS = `
import type { paths } from ${JSON.stringify(SCHEMA_MODULE)};
type Pick4xx<R, S> = S extends keyof R ? R[S] : '4XX' extends keyof R ? R['4XX'] : 'default' extends keyof R ? R['default'] : never;
type Content<C, K extends string> = C extends { content: infer T } ? (K extends keyof T ? T[K] : never) : never;
export type ResponseOf<P extends keyof paths, M extends keyof paths[P], S, K extends string> =
  paths[P][M] extends { responses: infer R } ? Content<Pick4xx<R, S>, K> : never;
export type RequestOf<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody?: infer B } ? Content<NonNullable<B>, 'application/json'> : never;
`;

export interface SchemaProblem {
  name: string;
  problems: string[];
}

/** Path templates of the schema (`/collections/{collection_name}/points/scroll`), read from the generated `paths` interface. */
function pathTemplates(): string[] {
  const source = readFileSync(SCHEMA_FILE, 'utf8');
  const block = source.slice(source.indexOf('export interface paths {'), source.indexOf('export type webhooks'));
  return [...block.matchAll(/^ {4}"(\/[^"]*)": \{/gm)].map((match) => match[1]);
}

function templateFor(path: string, templates: string[]): string | undefined {
  const matching = templates.filter((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  // A literal segment beats a parameter: /points/scroll, not /points/{id}.
  return matching.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

export function checkAgainstSchema(exchanges: Exchange[], options: { checkRequests?: boolean } = {}): SchemaProblem[] {
  const templates = pathTemplates();
  const files = new Map<string, string>([['/virtual/helpers.ts', HELPERS]]);
  const problems = new Map<string, string[]>();
  const fileOwners = new Map<string, string>();

  exchanges.forEach((exchange, index) => {
    const template = templateFor(exchange.request.path, templates);
    if (!template) {
      problems.set(exchange.name, [`path ${exchange.request.path} is not in the schema`]);
      return;
    }
    const method = JSON.stringify(exchange.request.method.toLowerCase());
    const contentType = exchange.response.headers['content-type'] ?? '';
    const kind = contentType.startsWith('text/plain') ? 'text/plain' : 'application/json';
    const lines = [`import type { ResponseOf, RequestOf } from '/virtual/helpers';`];
    if (!contentType) {
      problems.set(exchange.name, ['response has no content-type; the schema describes JSON (ErrorResponse) for it']);
    } else {
      lines.push(`export const response: ResponseOf<${JSON.stringify(template)}, ${method}, ${exchange.response.status}, '${kind}'> = ${stringify(exchange.response.body)};`);
    }
    if (options.checkRequests && exchange.request.body !== null) {
      lines.push(`export const request: RequestOf<${JSON.stringify(template)}, ${method}> = ${stringify(exchange.request.body)};`);
    }
    const fileName = `/virtual/exchange-${index}.ts`;
    files.set(fileName, lines.join('\n'));
    fileOwners.set(fileName, exchange.name);
  });

  const compilerOptions: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = files.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, languageVersion) : getSourceFile(name, languageVersion, onError, shouldCreate);
  };
  host.resolveModuleNames = (names, containing) =>
    names.map((name) => {
      if (name === '/virtual/helpers') return { resolvedFileName: '/virtual/helpers.ts', extension: ts.Extension.Ts };
      if (name === SCHEMA_MODULE) return { resolvedFileName: SCHEMA_FILE, extension: ts.Extension.Dts };
      return ts.resolveModuleName(name, containing, compilerOptions, host).resolvedModule;
    });

  const program = ts.createProgram([...files.keys()], compilerOptions, host);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    const owner = file ? (fileOwners.get(file) ?? (file === '/virtual/helpers.ts' ? 'schema helpers' : undefined)) : undefined;
    if (!owner) continue;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    problems.set(owner, [...(problems.get(owner) ?? []), message.slice(0, 600)]);
  }
  return [...problems.entries()].map(([name, list]) => ({ name, problems: list }));
}
