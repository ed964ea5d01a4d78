import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for testing ragscope's client code (request shape, batching,
 * retries, parsing, caching) — never model quality: its "models" are the functions the test
 * passes in. Reused by the api and CLI tests.
 */

/** A raw answer, for errors and odd shapes; `delayMs` holds the response back (timeouts); `dropConnection` resets the socket (network errors). */
export type StubReply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number } | { dropConnection: true };

export interface StubChatMessage {
  role: string;
  content: string;
}

export interface StubRequest {
  method: string;
  /** e.g. /v1/embeddings */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body. */
  body: any;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface OpenAiStubHandlers {
  /** Vectors for the texts, in input order (answered as base64 float32 when the request asks for it), or a raw reply. */
  embeddings?: (texts: string[], request: StubRequest) => number[][] | StubReply | Promise<number[][] | StubReply>;
  /** The assistant's reply text, or a raw reply. */
  chat?: (messages: StubChatMessage[], request: StubRequest) => string | StubReply | Promise<string | StubReply>;
}

export interface OpenAiStub {
  /** Ends in /v1, as a user would configure it. */
  baseUrl: string;
  /** Every request received, in arrival order. */
  requests: StubRequest[];
  /** Requests received on one path, e.g. '/v1/embeddings'. */
  requestsTo(path: string): StubRequest[];
  close(): Promise<void>;
}

/** Stand-in token count (whitespace words), deterministic so tests can assert totals. */
export function stubTokenCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Little-endian float32 bytes in base64, as OpenAI sends embeddings with encoding_format 'base64'. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** The body a real server sends for these vectors; `order` lists data indexes in the order to emit them (servers need not sort). */
export function embeddingsResponseBody(vectors: number[][], options: { model: string; base64: boolean; promptTokens: number; order?: number[] }) {
  const order = options.order ?? vectors.map((_, i) => i);
  return {
    object: 'list',
    model: options.model,
    data: order.map((index) => ({
      object: 'embedding',
      index,
      embedding: options.base64 ? encodeFloat32Base64(vectors[index]) : vectors[index],
    })),
    usage: { prompt_tokens: options.promptTokens, total_tokens: options.promptTokens },
  };
}

export function chatResponseBody(content: string, options: { model: string; promptTokens: number; completionTokens: number }) {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: options.promptTokens, completion_tokens: options.completionTokens, total_tokens: options.promptTokens + options.completionTokens },
  };
}

export async function startOpenAiStub(handlers: OpenAiStubHandlers = {}): Promise<OpenAiStub> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const request: StubRequest = { method: req.method ?? '', path: (req.url ?? '').split('?')[0], headers: req.headers, body, receivedAt: Date.now() };
        requests.push(request);
        let reply: StubReply;
        try {
          reply = await answer(handlers, request);
        } catch (error) {
          reply = { status: 500, body: { error: { message: `stub handler threw: ${(error as Error).message}` } } };
        }
        if ('dropConnection' in reply) {
          req.socket.destroy();
          return;
        }
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(handlers: OpenAiStubHandlers, request: StubRequest): Promise<StubReply> {
  if (request.method === 'POST' && request.path === '/v1/embeddings' && handlers.embeddings) {
    const input: unknown = request.body?.input;
    const texts = Array.isArray(input) ? (input as string[]) : [String(input)];
    const result = await handlers.embeddings(texts, request);
    if (!Array.isArray(result)) return result;
    const promptTokens = texts.reduce((sum, t) => sum + stubTokenCount(t), 0);
    const base64 = request.body?.encoding_format === 'base64';
    return { status: 200, body: embeddingsResponseBody(result, { model: request.body?.model, base64, promptTokens }) };
  }
  if (request.method === 'POST' && request.path === '/v1/chat/completions' && handlers.chat) {
    const messages: StubChatMessage[] = request.body?.messages ?? [];
    const result = await handlers.chat(messages, request);
    if (typeof result !== 'string') return result;
    const promptTokens = messages.reduce((sum, m) => sum + stubTokenCount(m.content), 0);
    return { status: 200, body: chatResponseBody(result, { model: request.body?.model, promptTokens, completionTokens: stubTokenCount(result) }) };
  }
  return { status: 404, body: { error: { message: `stub: no handler for ${request.method} ${request.path}` } } };
}
