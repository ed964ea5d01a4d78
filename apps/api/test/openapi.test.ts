import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDatabase, json, startTestApp } from './support';

describe('the checked-in OpenAPI document', () => {
  it('is the one the api serves (regenerate with: npm run openapi -w @ragscope/api)', async () => {
    const db = await freshDatabase('sqlite');
    const { app, url } = await startTestApp(db.env);
    try {
      const served = await json(await fetch(`${url}/api/openapi.json`));
      const checkedIn = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
      expect(served).toEqual(checkedIn);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
