import { describe, expect, it } from 'vitest';
import { allConstructed, malformedScroll } from './qdrant-support/constructed';
import { loadAll } from './qdrant-support/recordings';
import { checkAgainstSchema } from './qdrant-support/schema-check';

/** Where Qdrant 1.18.3 really answers differently from its OpenAPI schema (README of the recordings says the same). */
const KNOWN_DISAGREEMENTS = [
  // 401s are plain text without content-type; the schema declares ErrorResponse JSON for 4XX.
  'api-key/01-collections-no-key.json',
  'api-key/02-collections-wrong-key.json',
  'api-key/05-collections-bearer-wrong-key.json',
  'api-key/07-scroll-no-key.json',
];

describe('Qdrant fixtures against the OpenAPI schema bundled with @qdrant/js-client-rest', () => {
  it('every recorded response matches its operation schema, except the documented plain-text 401s', () => {
    const recordings = loadAll();
    expect(recordings).toHaveLength(141);
    const problems = checkAgainstSchema(recordings);
    expect(problems.map((problem) => problem.name).sort()).toEqual(KNOWN_DISAGREEMENTS);
  });

  it('every constructed fixture matches the schema, request and response', () => {
    expect(checkAgainstSchema(allConstructed(), { checkRequests: true })).toEqual([]);
  });

  it('the deliberately malformed fixture is caught by the schema check', () => {
    const [problem] = checkAgainstSchema([malformedScroll()]);
    expect(problem.problems.join('\n')).toMatch(/points/);
  });
});
