export * from './types';
export { EvalSetFormatError, type FormatProblem, type ParseOptions } from './errors';
export { parseTrecQrels, parseTrecRun, parseTrecTopics, type TrecRun } from './trec';
export { parseBeirCorpus, parseBeirQrels, parseBeirQueries } from './beir';
export { parseEvalSetCsv, parseEvalSetJsonl } from './tabular';
export { readEvalSet, type ReadEvalSetOptions } from './directory';
