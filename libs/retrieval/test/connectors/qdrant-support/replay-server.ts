import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLosslessNumber, parse, stringify } from 'lossless-json';
import type { Exchange } from './recordings';

/**
 * Plays recorded Qdrant exchanges back over real HTTP on 127.0.0.1. A request is answered only
 * when method, path, query, auth headers and JSON body (compared as values: key order and number
 * spelling aside, integers compared exactly) equal a recording; anything else is listed in
 * `unmatched` and answered 599 so a test fails loudly instead of seeing invented behaviour.
 */
export class ReplayServer {
  readonly unmatched: string[] = [];
  readonly served: string[] = [];
  private readonly exchanges = new Map<string, Exchange>();
  private readonly hangingPaths = new Set<string>();

  private constructor(private readonly server: Server) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Later exchanges for the same request win, as the server's later state would. */
  static async start(exchanges: Exchange[]): Promise<ReplayServer> {
    const replay = new ReplayServer(createServer());
    for (const exchange of exchanges) replay.exchanges.set(requestKey(exchange.request), exchange);
    replay.server.on('request', (request: IncomingMessage, response: ServerResponse) => void replay.handle(request, response));
    await new Promise<void>((resolve) => replay.server.listen(0, '127.0.0.1', resolve));
    return replay;
  }

  /** Requests to this path get no answer at all, to exercise client timeouts. */
  hang(path: string): void {
    this.hangingPaths.add(path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://replay');
    if (this.hangingPaths.has(url.pathname)) return;

    let body: unknown = null;
    if (text !== '') {
      try {
        body = parse(text);
      } catch {
        body = text;
      }
    }
    const incoming = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: pickAuthHeaders(request.headers),
      body,
    };
    const exchange = this.exchanges.get(requestKey(incoming));
    if (!exchange) {
      this.unmatched.push(`${incoming.method} ${url.pathname}${url.search} ${text}`);
      response.writeHead(599, { 'content-type': 'text/plain' }).end('no recorded exchange matches this request');
      return;
    }
    this.served.push(exchange.name);
    const { status, headers, body: recordedBody } = exchange.response;
    const isJson = headers['content-type']?.includes('application/json') ?? false;
    const payload = isJson || typeof recordedBody !== 'string' ? (stringify(recordedBody) ?? '') : recordedBody;
    response.writeHead(status, headers).end(payload);
  }
}

function pickAuthHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ['api-key', 'authorization']) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

function requestKey(request: Pick<Exchange['request'], 'method' | 'path' | 'query' | 'headers' | 'body'>): string {
  const auth = pickAuthHeaders(request.headers);
  return JSON.stringify([request.method.toUpperCase(), request.path, canonical(request.query ?? {}), canonical(auth), canonical(request.body ?? null)]);
}

/** JSON value → comparable form: sorted keys, integers as exact digits, other numbers by value. */
function canonical(value: unknown): unknown {
  if (isLosslessNumber(value)) return canonicalNumber(value.value);
  if (typeof value === 'number' || typeof value === 'bigint') return canonicalNumber(String(value));
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

function canonicalNumber(text: string): string {
  return `#${/^-?\d+$/.test(text) ? BigInt(text).toString() : String(Number(text))}`;
}
