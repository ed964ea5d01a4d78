import type { EvaluationReport } from './types';

export const REPORT_EXPORT_FORMATS = ['json', 'csv', 'trec', 'html'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

/** The report as pretty-printed JSON, the same document `GET /api/evaluations/:id/report` returns. */
export function formatReportJson(report: EvaluationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
