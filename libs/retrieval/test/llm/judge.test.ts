import { getEventListeners } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJudgmentCache, InMemoryJudgmentCache, JUDGE_PROMPT_VERSION, OpenAiRelevanceJudge, type JudgeItem } from '../../src/llm';
import { sha256Hex } from '../../src/llm/judgment-cache';
import { startOpenAiStub, stubTokenCount, type OpenAiStub, type OpenAiStubHandlers, type StubChatMessage } from './support/openai-stub';
import { expectLlmError, soon } from './support/expect-llm-error';

let stub: OpenAiStub | undefined;
const tempDirs: string[] = [];
afterEach(async () => {
  await stub?.close();
  stub = undefined;
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(handlers: OpenAiStubHandlers) {
  stub = await startOpenAiStub(handlers);
  return stub;
}

const items: JudgeItem[] = [
  { queryId: 'q1', query: 'capital of France', docId: 'd1', text: 'Paris is the capital of France.' },
  { queryId: 'q1', query: 'capital of France', docId: 'd2', text: 'France is in Europe.' },
  { queryId: 'q2', query: 'boiling point of water', docId: 'd3', text: 'Bananas are yellow.' },
];

/** A scripted "model": grades by the passage's docId-free text so tests can predict it. */
function gradeOf(messages: StubChatMessage[]): number {
  const passage = messages[1].content;
  if (passage.includes('Paris')) return 3;
  if (passage.includes('France')) return 1;
  return 0;
}
const reply = (grade: unknown, reason: unknown = 'because') => JSON.stringify({ grade, reason });

describe('OpenAiRelevanceJudge requests and parsing', () => {
  it('asks at temperature 0 in JSON mode with the scale in the prompt, and returns grades in input order', async () => {
    const server = await serve({ chat: (messages) => reply(gradeOf(messages), 'stub reason') });
    const judge = new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, apiKey: 'sk-j', model: 'judge-model' }, { concurrency: 3 });
    const progress: number[] = [];

    const result = await judge.judge(items, { onProgress: (done, total) => progress.push(total - done) });

    expect(result.judgments.map((j) => [j.queryId, j.docId, j.grade, j.reason, j.cached])).toEqual([
      ['q1', 'd1', 3, 'stub reason', false],
      ['q1', 'd2', 1, 'stub reason', false],
      ['q2', 'd3', 0, 'stub reason', false],
    ]);
    expect(result.failures).toBe(0);
    expect(progress.sort()).toEqual([0, 1, 2]);
    const call = server.requests[0];
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers.authorization).toBe('Bearer sk-j');
    expect(call.body.model).toBe('judge-model');
    expect(call.body.temperature).toBe(0);
    expect(call.body.response_format).toEqual({ type: 'json_object' });
    const [system, user] = call.body.messages;
    expect(system.role).toBe('system');
    for (const scale of ['0 = irrelevant', '1 = related', '2 = partially answers', '3 = answers', '"grade"', '"reason"']) expect(system.content).toContain(scale);
    expect(user.role).toBe('user');
    expect(server.requests.map((r) => r.body.messages[1].content).sort()).toEqual(items.map((i) => `Query:\n${i.query}\n\nPassage:\n${i.text}`).sort());
  });

  it("leaves no listener on the caller's signal, however many requests it made", async () => {
    const server = await serve({ chat: (messages) => reply(gradeOf(messages)) });
    const caller = new AbortController();
    const many = Array.from({ length: 30 }, (_, i) => ({ ...items[i % 3], docId: `d${i}`, text: `${items[i % 3].text} (${i})` }));
    const result = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'judge' }).judge(many, { signal: caller.signal, concurrency: 8 });
    expect(result.judgments).toHaveLength(30);
    expect(server.requests).toHaveLength(30);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('accepts a JSON object inside a ```json fence', async () => {
    const server = await serve({ chat: () => '```json\n{"grade": 2, "reason": "partly"}\n```' });
    const { judgments } = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge(items.slice(0, 1));
    expect(judgments[0]).toMatchObject({ grade: 2, reason: 'partly' });
  });

  it('retries a malformed reply with a reminder naming the problem, and uses the corrected one', async () => {
    const replies = ['Sure! The grade is 3.', reply(3, 'fixed')];
    const server = await serve({ chat: () => replies.shift()! });
    const { judgments, failures } = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge(items.slice(0, 1));
    expect(judgments[0]).toMatchObject({ grade: 3, reason: 'fixed', cached: false });
    expect(failures).toBe(0);
    const retry = server.requests[1].body.messages;
    expect(retry).toHaveLength(4);
    expect(retry[2]).toEqual({ role: 'assistant', content: 'Sure! The grade is 3.' });
    expect(retry[3].role).toBe('user');
    expect(retry[3].content).toMatch(/not valid JSON/);
  });

  it('retries out-of-range, non-integer, string grades and extra keys', async () => {
    for (const bad of [reply(4), reply(2.5), reply('2'), reply(-1), JSON.stringify({ grade: 2, reason: 'x', confidence: 1 }), reply(2, 7), '[2]']) {
      const replies = [bad, reply(2)];
      const server = await startOpenAiStub({ chat: () => replies.shift()! });
      try {
        const { judgments } = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge(items.slice(0, 1));
        expect(judgments[0].grade, bad).toBe(2);
        expect(server.requests, bad).toHaveLength(2);
      } finally {
        await server.close();
      }
    }
  });

  it('records a reply that never parses as missing (null, with the reason), never as 0', async () => {
    const server = await serve({ chat: () => reply(7) });
    const result = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge(items.slice(0, 1));
    expect(server.requests).toHaveLength(3); // first try + 2 retries by default
    expect(result.judgments[0].grade).toBeNull();
    expect(result.judgments[0].error).toMatch(/no usable grade after 3 attempts.*integer from 0 to 3, got 7/);
    expect(result.failures).toBe(1);
  });

  it('honours maxParseRetries', async () => {
    const server = await serve({ chat: () => 'nope' });
    await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { maxParseRetries: 0 }).judge(items.slice(0, 1));
    expect(server.requests).toHaveLength(1);
  });

  it('treats a missing message content as malformed', async () => {
    let calls = 0;
    const server = await serve({
      chat: () => (calls++ === 0 ? { status: 200, body: { choices: [{ index: 0, message: { role: 'assistant', content: null } }] } } : reply(1)),
    });
    const { judgments } = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge(items.slice(0, 1));
    expect(judgments[0].grade).toBe(1);
  });

  it('drops response_format for good when the server rejects it with 400', async () => {
    const server = await serve({
      chat: (messages, request) =>
        request.body.response_format ? { status: 400, body: { error: { message: "'response_format.type' must be 'json_schema'" } } } : reply(gradeOf(messages)),
    });
    const judge = new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { concurrency: 1 });
    const { judgments, failures } = await judge.judge(items);
    expect(failures).toBe(0);
    expect(judgments.map((j) => j.grade)).toEqual([3, 1, 0]);
    expect(server.requests.map((r) => 'response_format' in r.body)).toEqual([true, false, false, false]);
  });

  it('records a 400 that is not about response_format against the item and goes on', async () => {
    const server = await serve({
      chat: (messages) => (messages[1].content.includes('Bananas') ? { status: 400, body: { error: { message: 'context length exceeded' } } } : reply(gradeOf(messages))),
    });
    const result = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { concurrency: 1 }).judge(items);
    expect(result.judgments.map((j) => j.grade)).toEqual([3, 1, null]);
    expect(result.judgments[2].error).toContain('context length exceeded');
    expect(result.failures).toBe(1);
  });
});

describe('OpenAiRelevanceJudge errors', () => {
  it('records 5xx after retries against the item, keeping the others', async () => {
    const server = await serve({
      chat: (messages) => (messages[1].content.includes('Europe') ? { status: 500, body: { error: { message: 'overloaded' } }, headers: soon } : reply(gradeOf(messages))),
    });
    const result = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm', maxRetries: 1 }).judge(items);
    expect(result.judgments.map((j) => j.grade)).toEqual([3, null, 0]);
    expect(result.judgments[1].error).toMatch(/HTTP 500 overloaded/);
    expect(server.requests.filter((r) => r.body.messages[1].content.includes('Europe'))).toHaveLength(2);
  });

  it('retries 429 then succeeds', async () => {
    let calls = 0;
    const server = await serve({ chat: () => (calls++ < 2 ? { status: 429, body: { error: { message: 'slow' } }, headers: soon } : reply(2)) });
    const { judgments } = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge(items.slice(0, 1));
    expect(judgments[0].grade).toBe(2);
    expect(server.requests).toHaveLength(3);
  });

  it('stops the whole run on 401', async () => {
    const server = await serve({ chat: () => ({ status: 401, body: { error: { message: 'bad key' } } }) });
    await expectLlmError(new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { concurrency: 1 }).judge(items), 'unauthorized');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects empty queries before any request', async () => {
    const server = await serve({ chat: () => reply(1) });
    await expectLlmError(new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }).judge([{ query: ' ', docId: 'd', text: 't' }]), 'invalid');
    expect(server.requests).toHaveLength(0);
  });

  it('stops when the signal fires: no new requests, in-flight ones cancelled', async () => {
    const server = await serve({ chat: () => ({ status: 200, body: {}, delayMs: 5_000 }) });
    const many = Array.from({ length: 20 }, (_, i) => ({ query: 'q', docId: `d${i}`, text: `text ${i}` }));
    const controller = new AbortController();
    const run = new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { concurrency: 2 }).judge(many, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expectLlmError(run, 'aborted');
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });
});

describe('OpenAiRelevanceJudge cache and tokens', () => {
  it('costs nothing the second time: zero requests, cached judgments, cache hits counted', async () => {
    const server = await serve({ chat: (messages) => reply(gradeOf(messages)) });
    const judge = new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' });
    const first = await judge.judge(items);
    expect(server.requests).toHaveLength(3);
    expect(first.cacheHits).toBe(0);

    const second = await judge.judge(items);
    expect(server.requests).toHaveLength(3);
    expect(second.cacheHits).toBe(3);
    expect(second.tokens).toEqual({ prompt: 0, completion: 0 });
    expect(second.judgments.map((j) => [j.grade, j.cached])).toEqual([
      [3, true],
      [1, true],
      [0, true],
    ]);
  });

  it('does not cache failures, so a rerun tries them again', async () => {
    let broken = true;
    const server = await serve({ chat: () => (broken ? 'garbage' : reply(2)) });
    const judge = new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { maxParseRetries: 0 });
    expect((await judge.judge(items.slice(0, 1))).judgments[0].grade).toBeNull();
    broken = false;
    expect((await judge.judge(items.slice(0, 1))).judgments[0]).toMatchObject({ grade: 2, cached: false });
  });

  it('keys the cache by model, prompt version, query and passage text', async () => {
    const server = await serve({ chat: () => reply(1) });
    const cache = new InMemoryJudgmentCache();
    const item = items[0];
    // an entry written under another prompt version must not be reused
    await cache.set({ model: 'm', promptVersion: 'v0', query: item.query, textSha256: sha256Hex(item.text) }, { grade: 3 });
    const judge = (model: string) => new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model }, { cache });

    await judge('m').judge([item]);
    expect(server.requests).toHaveLength(1);
    await judge('m').judge([{ ...item, docId: 'other-id', queryId: 'other-qid' }]); // ids are not part of the key
    expect(server.requests).toHaveLength(1);
    await judge('m2').judge([item]);
    await judge('m').judge([{ ...item, text: item.text + ' ' }]);
    await judge('m').judge([{ ...item, query: item.query + '?' }]);
    expect(server.requests).toHaveLength(4);
    expect(cache.size).toBe(5);
    expect(await cache.get({ model: 'm', promptVersion: JUDGE_PROMPT_VERSION, query: item.query, textSha256: sha256Hex(item.text) })).toEqual({ grade: 1, reason: 'because' });
  });

  it('persists to a JSONL file that a new judge reads back, skipping a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ragscope-judge-'));
    tempDirs.push(dir);
    const path = join(dir, 'nested', 'judgments.jsonl');
    const server = await serve({ chat: (messages) => reply(gradeOf(messages)) });

    await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { cache: await FileJudgmentCache.open(path) }).judge(items);
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0]).sort()).toEqual(['grade', 'model', 'promptVersion', 'query', 'reason', 'textSha256']);
    expect(JSON.stringify(lines)).not.toContain('Paris'); // passages are stored only as hashes

    writeFileSync(path, readFileSync(path, 'utf8') + '{"model":"m","prompt', { flag: 'w' });
    const reopened = await FileJudgmentCache.open(path);
    expect(reopened.size).toBe(3);
    expect(reopened.skippedLines).toBe(1);
    const rerun = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { cache: reopened }).judge(items);
    expect(server.requests).toHaveLength(3);
    expect(rerun.judgments.map((j) => [j.grade, j.cached])).toEqual([
      [3, true],
      [1, true],
      [0, true],
    ]);
  });

  it('sums prompt and completion tokens over every attempt', async () => {
    const replies = ['bad reply', reply(2, 'ok now')];
    const server = await serve({ chat: () => replies.shift() ?? reply(0) });
    const result = await new OpenAiRelevanceJudge({ baseUrl: server.baseUrl, model: 'm' }, { concurrency: 1 }).judge(items.slice(0, 2));
    const expected = { prompt: 0, completion: 0 };
    for (const request of server.requests) {
      expected.prompt += request.body.messages.reduce((sum: number, m: StubChatMessage) => sum + stubTokenCount(m.content), 0);
    }
    expected.completion = stubTokenCount('bad reply') + stubTokenCount(reply(2, 'ok now')) + stubTokenCount(reply(0));
    expect(server.requests).toHaveLength(3);
    expect(result.tokens).toEqual(expected);
  });
});
