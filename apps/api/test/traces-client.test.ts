import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { decodeFloat32Vector } from '@ragscope/retrieval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, json, startTestApp, type TestDatabase } from './support';

const run = promisify(execFile);
// vitest provides __dirname in test files
const APP = join(__dirname, 'fixtures/otel-client/app.mjs');

interface Retrieved {
  via: string;
  query: string;
  ids: string[];
  scores: number[] | null;
  vector?: number[];
}

/** Spans written by real instrumentation libraries in a separate process, read back through the api. */
describe('a LangChain app instrumented with OpenInference, exporting OTLP to ragscope', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    ({ app, url } = await startTestApp(db.env));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it.each(['proto', 'json'])('stores what the app retrieved, exported as %s', async (protocol) => {
    const collection = `client-${protocol}`;
    const { stdout } = await run(process.execPath, [APP, url, protocol, collection], { timeout: 60_000 });
    const retrieved: Retrieved[] = JSON.parse(stdout);
    expect(retrieved).toHaveLength(3);

    const page = await json(await fetch(`${url}/api/events?collection=${collection}`));
    expect(page.items).toHaveLength(3);
    for (const expected of retrieved) {
      const event = page.items.find((e: any) => e.queryText === expected.query);
      expect(event, expected.query).toBeDefined();
      expect(event.serviceName).toBe(`otel-client-${protocol}`);
      expect(event.documents.map((d: any) => d.rank)).toEqual([1, 2, 3]);
      expect(event.documents.map((d: any) => d.id)).toEqual(expected.ids);
      if (expected.scores) {
        expect(event.documents.map((d: any) => d.score)).toEqual(expected.scores);
        // the query vector comes from the EMBEDDING child span
        const detail = await json(await fetch(`${url}/api/events/${event.id}`));
        expect(detail.embeddingModel).toBe('synthetic-8');
        expect(Array.from(decodeFloat32Vector(Buffer.from(detail.queryVector, 'base64')))).toEqual(expected.vector!.map(Math.fround));
        expect(detail.documents[0].content).toEqual(expect.any(String));
      } else {
        expect(event.documents.every((d: any) => d.score === null)).toBe(true);
      }
    }
  });
});
