import type { EvaluationReport } from './types';

/**
 * The per-query table as CSV (RFC 4180: comma-separated, quoted where needed, CRLF line ends):
 * one row per judged query with every report measure, then an `all` row with the aggregates,
 * as trec_eval prints its summary after the queries.
 */
export function formatReportCsv(report: EvaluationReport): string {
  const names = report.measures.map((m) => m.name);
  const rows: string[][] = [['query_id', 'query', ...names, 'first_relevant_rank', 'failing']];
  for (const row of report.perQuery) {
    rows.push([
      row.queryId,
      row.text ?? '',
      ...names.map((name) => formatValue(row.values[name])),
      row.firstRelevantRank === null ? '' : String(row.firstRelevantRank),
      row.failing ? '1' : '0',
    ]);
  }
  rows.push(['all', '', ...report.measures.map((m) => formatValue(m.value)), '', String(report.failingQueries.length)]);
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

function csvCell(value: string): string {
  // a leading =, +, - or @ would be run as a formula by spreadsheets; quote and prefix it
  const guarded = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== value ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
