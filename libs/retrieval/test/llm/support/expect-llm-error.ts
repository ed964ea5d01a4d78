import { expect } from 'vitest';
import { LlmError } from '../../../src/llm';

/** Retry-After in milliseconds keeps retry tests fast; the client honours it instead of its 0.5 s+ backoff. */
export const soon = { 'retry-after-ms': '5' };

/** Awaits a promise that must reject with an LlmError of the given code, and returns that error. */
export async function expectLlmError(promise: Promise<unknown>, code: string): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  expect((error as LlmError).code).toBe(code);
  return error as LlmError;
}
