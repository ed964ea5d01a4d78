export * from './types';
export { DEFAULT_REPORT_MEASURES, GRADED_REPORT_MEASURES, DEFAULT_KEY_MEASURE, isGraded, reportMeasures, measureRequests } from './measures';
export { buildReport, evaluateForReport, type BuildReportOptions } from './build-report';
export { compareRuns, type CompareRunsOptions } from './compare-runs';
export { searchRun, rankDocs, formatTrecRun, type SearchRunOptions, type SearchRunResult } from './run';
export { parseQueryVectors, type QueryVectors } from './query-vectors';
export { formatReportCsv } from './export-csv';
export { formatReportHtml, type HtmlReportOptions } from './export-html';
export { formatReportJson, REPORT_EXPORT_FORMATS, type ReportExportFormat } from './export-json';
