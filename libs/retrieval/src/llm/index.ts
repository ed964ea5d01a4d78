export { type OpenAiCompatibleConfig, PLACEHOLDER_API_KEY, OPENAI_COMPATIBLE_DEFAULTS } from './config';
export { LlmError, type LlmErrorCode } from './errors';
export { type Embedder, type EmbedOptions, type EmbeddingResult, OpenAiEmbedder } from './embedder';
export {
  type RelevanceJudge,
  type JudgeItem,
  type Judgment,
  type JudgeOptions,
  type JudgeResult,
  type OpenAiRelevanceJudgeOptions,
  OpenAiRelevanceJudge,
} from './judge';
export { JUDGE_PROMPT_VERSION, type RelevanceGrade, parseJudgeReply, type ParsedJudgment } from './judge-prompt';
export { type JudgmentCache, type JudgmentCacheKey, type CachedJudgment, InMemoryJudgmentCache, judgmentCacheKeyString } from './judgment-cache';
export { FileJudgmentCache } from './file-judgment-cache';
export { judgmentsToQrels, contextRelevance, judgmentQueryId, type ContextRelevance, type ContextRelevanceScore } from './judgment-qrels';
