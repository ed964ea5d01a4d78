import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmError, OpenAiEmbedder, PLACEHOLDER_API_KEY } from '../../src/llm';
import { embeddingsResponseBody, startOpenAiStub, stubTokenCount, type OpenAiStub, type OpenAiStubHandlers } from './support/openai-stub';
import { expectLlmError, soon } from './support/expect-llm-error';

let stub: OpenAiStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function serve(handlers: OpenAiStubHandlers) {
  stub = await startOpenAiStub(handlers);
  return stub;
}

/** A deterministic "model": each text maps to [length, first char code, index in the whole input]. */
const vectorOf = (text: string) => [text.length, text.charCodeAt(0), Number(text.slice(1))];
const texts = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
const rows = (vectors: Float32Array, dimension: number) =>
  Array.from({ length: vectors.length / dimension }, (_, i) => Array.from(vectors.subarray(i * dimension, (i + 1) * dimension)));

describe('OpenAiEmbedder requests', () => {
  it('batches texts, asks for base64 with the model and a Bearer key, and reports progress and tokens', async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    const embedder = new OpenAiEmbedder({ baseUrl: server.baseUrl, apiKey: 'sk-test', model: 'embed-small', batchSize: 2 });
    const progress: Array<[number, number]> = [];
    const input = texts(5);

    const result = await embedder.embed(input, { onProgress: (done, total) => progress.push([done, total]) });

    const calls = server.requestsTo('/v1/embeddings');
    expect(calls.map((c) => c.body.input)).toEqual([['t0', 't1'], ['t2', 't3'], ['t4']]);
    for (const call of calls) {
      expect(call.method).toBe('POST');
      expect(call.body.model).toBe('embed-small');
      expect(call.body.encoding_format).toBe('base64');
      expect(call.body).not.toHaveProperty('dimensions');
      expect(call.headers.authorization).toBe('Bearer sk-test');
    }
    expect(result.dimension).toBe(3);
    expect(result.vectors).toBeInstanceOf(Float32Array);
    expect(rows(result.vectors, 3)).toEqual(input.map(vectorOf));
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(result.tokens).toBe(input.reduce((sum, t) => sum + stubTokenCount(t), 0));
  });

  it("leaves no listener on the caller's signal, however many requests it made", async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    const caller = new AbortController();
    await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', batchSize: 1 }).embed(texts(40), { signal: caller.signal });
    expect(server.requests).toHaveLength(40);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('uses a batch size of 64 by default', async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(texts(130));
    expect(server.requests.map((r) => r.body.input.length)).toEqual([64, 64, 2]);
  });

  it('sends the placeholder key when none is configured, and dimensions only when set', async () => {
    const server = await serve({ embeddings: (input) => input.map(() => [1, 2]) });
    await new OpenAiEmbedder({ baseUrl: server.baseUrl + '/', model: 'm' }).embed(['a']);
    await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', dimensions: 2 }).embed(['a']);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${PLACEHOLDER_API_KEY}`);
    expect(server.requests[0].path).toBe('/v1/embeddings');
    expect(server.requests[1].body.dimensions).toBe(2);
  });

  it('returns an empty result without a request for no texts, and rejects empty strings before sending', async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    const embedder = new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' });
    expect(await embedder.embed([])).toEqual({ vectors: new Float32Array(0), dimension: 0, tokens: 0 });
    const error = await expectLlmError(embedder.embed(['a', '']), 'invalid');
    expect(error.message).toContain('text 1');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a bad configuration before any request', () => {
    expect(() => new OpenAiEmbedder({ baseUrl: 'localhost:11434', model: 'm' })).toThrow(LlmError);
    expect(() => new OpenAiEmbedder({ baseUrl: 'http://x/v1', model: '' })).toThrow(/model/);
    expect(() => new OpenAiEmbedder({ baseUrl: 'http://x/v1', model: 'm', batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new OpenAiEmbedder({ baseUrl: 'http://x/v1', model: 'm', requestsPerMinute: -1 })).toThrow(/requestsPerMinute/);
  });
});

describe('OpenAiEmbedder decoding', () => {
  it('decodes base64 float32 exactly, including extremes and subnormals', async () => {
    const values = [0.1, -1 / 3, 3.4028234663852886e38, -1.1754943508222875e-38, 1.401298464324817e-45, 0, -0, 123456.789];
    const server = await serve({ embeddings: (input) => input.map(() => values) });
    const result = await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(['a']);
    expect(Array.from(result.vectors)).toEqual(values.map(Math.fround));
    expect(Object.is(result.vectors[6], -0)).toBe(true);
  });

  it('accepts plain number arrays from servers that ignore encoding_format', async () => {
    const server = await serve({
      embeddings: (input, request) => ({
        status: 200,
        body: embeddingsResponseBody(input.map(vectorOf), { model: request.body.model, base64: false, promptTokens: 7 }),
      }),
    });
    const result = await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(['a1', 'b2']);
    expect(rows(result.vectors, 3)).toEqual([vectorOf('a1'), vectorOf('b2')]);
    expect(result.tokens).toBe(7);
  });

  it('puts rows back in input order when the server answers with shuffled indexes', async () => {
    const server = await serve({
      embeddings: (input) => ({
        status: 200,
        body: embeddingsResponseBody(input.map(vectorOf), { model: 'm', base64: true, promptTokens: 1, order: [2, 0, 3, 1].filter((i) => i < input.length) }),
      }),
    });
    const input = texts(4);
    const result = await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', batchSize: 4 }).embed(input);
    expect(rows(result.vectors, 3)).toEqual(input.map(vectorOf));
  });

  it('counts tokens as 0 when the server reports no usage', async () => {
    const server = await serve({ embeddings: (input) => ({ status: 200, body: { data: input.map((_, index) => ({ index, embedding: [1] })) } }) });
    const result = await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(['a']);
    expect(result.tokens).toBe(0);
  });
});

describe('OpenAiEmbedder validation', () => {
  const raw = (body: (input: string[]) => unknown) => ({ embeddings: (input: string[]) => ({ status: 200, body: body(input) }) });

  it('rejects vectors of different dimensions within a batch', async () => {
    const server = await serve({ embeddings: (input) => input.map((_, i) => (i === 1 ? [1, 2] : [1, 2, 3])) });
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(['a', 'b']), 'bad_response');
    expect(error.message).toMatch(/dimension 2/);
  });

  it('rejects a dimension change between batches', async () => {
    let call = 0;
    const server = await serve({ embeddings: (input) => input.map(() => (call++ === 0 ? [1, 2, 3] : [1, 2])) });
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', batchSize: 1 }).embed(['a', 'b']), 'bad_response');
    expect(error.message).toMatch(/dimension 2.*earlier ones with 3/);
  });

  it('rejects a dimension other than the configured one', async () => {
    const server = await serve({ embeddings: (input) => input.map(() => [1, 2, 3]) });
    await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', dimensions: 2 }).embed(['a']), 'bad_response');
  });

  it('rejects a wrong count, a bad or repeated index, non-finite numbers, non-numbers and non-base64 strings', async () => {
    const cases: Array<[string, (input: string[]) => unknown, RegExp]> = [
      ['count', () => ({ data: [{ index: 0, embedding: [1] }] }), /sent 2 texts, got 1/],
      ['index', () => ({ data: [{ index: 0, embedding: [1] }, { index: 5, embedding: [1] }] }), /index 5/],
      ['repeat', () => ({ data: [{ index: 0, embedding: [1] }, { index: 0, embedding: [1] }] }), /appears twice/],
      ['nan', () => ({ data: [{ index: 0, embedding: [1] }, { index: 1, embedding: [1, 'x'] }] }), /not a number/],
      ['inf', (input) => embeddingsResponseBody(input.map(() => [1, Infinity]), { model: 'm', base64: true, promptTokens: 1 }), /Infinity/],
      ['b64', () => ({ data: [{ index: 0, embedding: 'not base64!' }, { index: 1, embedding: 'AAAA' }] }), /not base64/],
      ['bytes', () => ({ data: [{ index: 0, embedding: 'AAA=' }, { index: 1, embedding: 'AAAA' }] }), /whole number of float32s/],
      ['shape', () => ({ object: 'list' }), /no "data" array/],
    ];
    for (const [name, body, message] of cases) {
      const server = await startOpenAiStub(raw(body));
      try {
        const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(['a', 'b']), 'bad_response');
        expect(error.message, name).toMatch(message);
      } finally {
        await server.close();
      }
    }
  });
});

describe('OpenAiEmbedder errors and retries', () => {
  it('retries 429 and 500 and then succeeds', async () => {
    const script = [
      { status: 429, body: { error: { message: 'slow down' } }, headers: soon },
      { status: 500, body: { error: { message: 'boom' } }, headers: soon },
    ];
    const server = await serve({ embeddings: (input) => script.shift() ?? input.map(vectorOf) });
    const result = await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', maxRetries: 2 }).embed(['a1']);
    expect(server.requests).toHaveLength(3);
    expect(rows(result.vectors, 3)).toEqual([vectorOf('a1')]);
  });

  it('retries with the client backoff when the server gives no Retry-After', async () => {
    let calls = 0;
    const server = await serve({ embeddings: (input) => (calls++ === 0 ? { status: 503, body: { error: { message: 'warming up' } } } : input.map(vectorOf)) });
    await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', maxRetries: 1 }).embed(['a1']);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries with a clear error', async () => {
    const server = await serve({ embeddings: () => ({ status: 500, body: { error: { message: 'model crashed' } }, headers: soon }) });
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', maxRetries: 2 }).embed(['a']), 'bad_response');
    expect(server.requests).toHaveLength(3);
    expect(error.status).toBe(500);
    expect(error.message).toContain('model crashed');
    expect(error.message).toContain(server.baseUrl);
  });

  it('reports rate_limited when 429s outlast the retries', async () => {
    const server = await serve({ embeddings: () => ({ status: 429, body: { error: { message: 'quota' } }, headers: soon }) });
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', maxRetries: 1 }).embed(['a']), 'rate_limited');
    expect(server.requests).toHaveLength(2);
    expect(error.message).toMatch(/requestsPerMinute/);
  });

  it('maps 401 to unauthorized without retrying', async () => {
    const server = await serve({ embeddings: () => ({ status: 401, body: { error: { message: 'Incorrect API key' } } }) });
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, apiKey: 'wrong', model: 'm' }).embed(['a']), 'unauthorized');
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain('Incorrect API key');
  });

  it('maps 404 (wrong path or model) to invalid with a hint', async () => {
    const server = await serve({});
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' }).embed(['a']), 'invalid');
    expect(error.message).toMatch(/\/v1/);
  });

  it('retries a dropped connection, and reports unreachable when it keeps dropping', async () => {
    let calls = 0;
    const server = await serve({ embeddings: (input) => (calls++ === 0 ? { dropConnection: true } : input.map(vectorOf)) });
    await new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', maxRetries: 1 }).embed(['a1']);
    expect(server.requests).toHaveLength(2);

    const dropping = await startOpenAiStub({ embeddings: () => ({ dropConnection: true }) });
    try {
      await expectLlmError(new OpenAiEmbedder({ baseUrl: dropping.baseUrl, model: 'm', maxRetries: 0 }).embed(['a']), 'unreachable');
    } finally {
      await dropping.close();
    }
  });

  it('reports unreachable when nothing listens', async () => {
    const server = await serve({});
    const baseUrl = server.baseUrl;
    await server.close();
    stub = undefined;
    const error = await expectLlmError(new OpenAiEmbedder({ baseUrl, model: 'm', maxRetries: 0 }).embed(['a']), 'unreachable');
    expect(error.message).toMatch(/cannot connect/);
  });

  it('reports timeout when the server does not answer in time', async () => {
    const server = await serve({ embeddings: () => ({ status: 200, body: {}, delayMs: 2_000 }) });
    await expectLlmError(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 100, maxRetries: 0 }).embed(['a']), 'timeout');
  });
});

describe('OpenAiEmbedder pacing and cancellation', () => {
  it('spaces requests to requestsPerMinute, one after another', async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    const embedder = new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', batchSize: 1, requestsPerMinute: 600 });
    await embedder.embed(texts(4));
    const times = server.requests.map((r) => r.receivedAt);
    expect(server.requests.map((r) => r.body.input[0])).toEqual(texts(4));
    // a lower bound only (100 ms apart at 600/min, with slack for timer granularity): a slow machine can only add time
    expect(times[3] - times[0]).toBeGreaterThanOrEqual(250);
  });

  it('stops between batches when the signal fires, without sending the rest', async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    const controller = new AbortController();
    const embedder = new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', batchSize: 1 });
    await expectLlmError(embedder.embed(texts(5), { signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() }), 'aborted');
    expect(server.requests).toHaveLength(2);
  });

  it('cancels a request in flight', async () => {
    const server = await serve({ embeddings: () => ({ status: 200, body: {}, delayMs: 5_000 }) });
    const embedder = new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm' });
    const started = embedder.embed(['a'], { signal: AbortSignal.timeout(100) });
    await expectLlmError(started, 'aborted');
  });

  it('sends nothing for an already aborted signal, and cancels a wait for the rate limit', async () => {
    const server = await serve({ embeddings: (input) => input.map(vectorOf) });
    const embedder = new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'm', batchSize: 1, requestsPerMinute: 1 });
    await expectLlmError(embedder.embed(['a'], { signal: AbortSignal.abort() }), 'aborted');
    expect(server.requests).toHaveLength(0);
    // the first request goes at once, the second would wait a minute
    await expectLlmError(embedder.embed(['a', 'b'], { signal: AbortSignal.timeout(200) }), 'aborted');
    expect(server.requests).toHaveLength(1);
  });
});
