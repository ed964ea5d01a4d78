import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterEach, describe, expect, it } from 'vitest';
import { DRIVERS, freshDatabase, json, startTestApp, type TestDatabase } from './support';

describe.each(DRIVERS)('api on %s', (driver) => {
  let db: TestDatabase | undefined;
  let app: NestExpressApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await db?.drop();
    db = undefined;
  });

  async function start(env: Record<string, string> = {}) {
    db ??= await freshDatabase(driver);
    const started = await startTestApp({ ...db.env, ...env });
    app = started.app;
    return started.url;
  }

  it('reports database and job runner in /api/health', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/health`);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.status).toBe('ok');
    expect(body.database).toMatchObject({ status: 'ok', driver });
    expect(body.jobs).toMatchObject({ status: 'ok', mode: 'in-process', running: 0, queued: 0 });
  });

  it('answers every error with one envelope and no stack trace', async () => {
    const url = await start({ RAGSCOPE_MAX_BODY: '1kb' });
    const notFound = await fetch(`${url}/api/does-not-exist`);
    expect(notFound.status).toBe(404);
    expect(await json(notFound)).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/does-not-exist' });

    const badId = await fetch(`${url}/api/jobs/not-a-uuid`);
    expect(badId.status).toBe(400);
    expect(await json(badId)).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('uuid') });

    const badQuery = await fetch(`${url}/api/jobs?limit=0&colour=red`);
    const badQueryBody = await json(badQuery);
    expect(badQuery.status).toBe(400);
    expect(badQueryBody.details).toEqual(
      expect.arrayContaining([
        { field: 'limit', problems: ['limit must not be less than 1'] },
        { field: 'colour', problems: ['property colour should not exist'] },
      ]),
    );

    const malformed = await fetch(`${url}/api/jobs`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    const malformedBody = await json(malformed);
    expect(Object.keys(malformedBody).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(JSON.stringify(malformedBody)).not.toMatch(/at .*\.js/);

    const tooLarge = await fetch(`${url}/api/jobs`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(4096) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(await json(tooLarge)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const url = await start();
    const document = await json(await fetch(`${url}/api/openapi.json`));
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/jobs', '/api/jobs/{id}', '/api/jobs/{id}/events']));
    const docs = await fetch(`${url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
