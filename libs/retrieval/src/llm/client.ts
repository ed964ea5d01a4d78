import OpenAI from 'openai';
import type { ResolvedOpenAiConfig } from './config';

/** The one place the openai client is constructed, so every caller gets the same retry, timeout and header behaviour. */
export function createOpenAiClient(config: ResolvedOpenAiConfig): OpenAI {
  return new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    // without these the client reads OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment and sends them to any server
    organization: null,
    project: null,
  });
}
