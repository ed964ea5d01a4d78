import { useMemo } from 'react';
import { getJson } from '../api/client';
import type { Evaluation, EvaluationComparison, EvaluationReport, Projection, ReportMeasure } from '../api/types';
import { ErrorBox, formatCount, formatNumber, Section, useAsync } from '../components/common';
import { formatP, histogram, sortRows, type SortKey } from '../state/report';
import { withParams } from '../state/route';
import type { PageProps } from '../state/types';

const EXPORTS = [
  ['json', 'JSON'],
  ['csv', 'CSV (per query)'],
  ['trec', 'TREC run'],
  ['html', 'HTML report'],
] as const;

export function ReportPage({ route, navigate }: PageProps) {
  const id = route.id!;
  const evaluation = useAsync(() => getJson<Evaluation>(`/api/evaluations/${id}`), [id]);
  const report = useAsync(() => getJson<EvaluationReport>(`/api/evaluations/${id}/report`), [id]);
  const projections = useAsync(() => getJson<Projection[]>('/api/projections'), []);
  const e = evaluation.data;
  const r = report.data;
  const mapOf = useMemo(
    () => (projections.data ?? []).filter((p) => e && p.status === 'succeeded' && p.connectionId === e.connectionId && p.collection === e.collection).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null,
    [projections.data, e],
  );
  const sortParam = route.params.sort ?? (r ? `measure:${r.keyMeasure}` : 'queryId');
  const sortKey: SortKey = sortParam.startsWith('measure:') ? { column: 'measure', measure: sortParam.slice(8) } : { column: sortParam as 'queryId' };
  const descending = route.params.dir === 'desc';
  const failingOnly = route.params.failing === '1';
  const histMeasure = route.params.hist ?? r?.keyMeasure ?? '';
  const meanMeasures = r?.measures.filter((m) => m.aggregate === 'mean') ?? [];
  const preferred = [r?.keyMeasure, 'ndcg_cut_10', 'P_10', 'recall_100', 'recip_rank', 'map'];
  const tableMeasures = [...preferred.map((name) => meanMeasures.find((m) => m.name === name)), ...meanMeasures]
    .filter((m, i, all): m is ReportMeasure => !!m && all.findIndex((o) => o?.name === m.name) === i)
    .slice(0, 8);
  const rows = useMemo(() => (r ? sortRows(failingOnly ? r.perQuery.filter((q) => q.failing) : r.perQuery, sortKey, descending) : []), [r, failingOnly, sortParam, descending]);

  const setSort = (key: string) => navigate(withParams(route, { sort: key, dir: sortParam === key && !descending ? 'desc' : undefined }), { replace: true });
  const mapLink = (queryId: string) => (mapOf ? `#/map/${mapOf.id}?queries=${encodeURIComponent(`eval:${id}`)}&q=${encodeURIComponent(`eval:${queryId}`)}` : null);

  return (
    <div className="page" data-testid="report">
      <ErrorBox error={evaluation.error} title="Could not load the evaluation" />
      <ErrorBox error={report.error} title="Could not load the report" />
      {e && (
        <Section
          title={`Report: ${e.name}`}
          actions={
            <div className="panel-actions">
              {EXPORTS.map(([format, label]) => (
                <a key={format} className="button" href={`/api/evaluations/${id}/export?format=${format}`} download>
                  {label}
                </a>
              ))}
              {mapOf && (
                <a className="button" href={`#/map/${mapOf.id}?color=${encodeURIComponent(`outcome:${id}`)}&queries=${encodeURIComponent(`eval:${id}`)}`}>
                  Show on the map
                </a>
              )}
            </div>
          }
        >
          <dl className="facts inline">
            <dt>collection</dt>
            <dd>{e.collection}</dd>
            <dt>top k</dt>
            <dd>{e.k}</dd>
            <dt>queries</dt>
            <dd>{formatCount(r?.queryCount)}</dd>
            <dt>failing</dt>
            <dd>{formatCount(r?.failingQueries.length)}</dd>
            <dt>relevant judgments</dt>
            <dd>{formatCount(r?.relevantCount)}</dd>
            {r?.judge && (
              <>
                <dt>judge context relevance</dt>
                <dd>{formatNumber(r.judge.contextRelevance)}</dd>
              </>
            )}
          </dl>
        </Section>
      )}
      {r && (
        <div className="report-grid">
          <Section title="Measures (95% bootstrap CI)">
            <MeasuresTable measures={r.measures} keyMeasure={r.keyMeasure} />
          </Section>
          <Section
            title="Distribution over queries"
            actions={
              <select aria-label="histogram measure" value={histMeasure} onChange={(ev) => navigate(withParams(route, { hist: ev.target.value }), { replace: true })}>
                {meanMeasures.map((m) => (
                  <option key={m.name}>{m.name}</option>
                ))}
              </select>
            }
          >
            <Histogram values={r.perQuery.map((q) => q.values[histMeasure] ?? 0)} label={histMeasure} />
          </Section>
        </div>
      )}
      {r && (
        <Section title={`Worst queries by ${r.keyMeasure}`}>
          <ul className="worst" data-testid="worst-queries">
            {r.worstQueries.map((q) => (
              <li key={q.queryId}>
                <span className="mono">{q.queryId}</span> {formatNumber(q.values[r.keyMeasure])} — {q.text ?? ''}
                {mapLink(q.queryId) && (
                  <>
                    {' '}
                    <a href={mapLink(q.queryId)!}>on the map</a>
                  </>
                )}
              </li>
            ))}
          </ul>
          {!mapOf && <p className="hint">Map this collection to see these queries on it.</p>}
        </Section>
      )}
      {r && (
        <Section
          title={`Per query (${rows.length})`}
          actions={
            <label className="check">
              <input type="checkbox" checked={failingOnly} onChange={(ev) => navigate(withParams(route, { failing: ev.target.checked ? '1' : undefined }), { replace: true })} /> failing only
            </label>
          }
        >
          <div className="scroll">
            <table className="table compact sortable" data-testid="per-query">
              <thead>
                <tr>
                  {(
                    [
                      ['queryId', 'query'],
                      ['relevant', 'relevant'],
                      ['firstRelevantRank', 'first rel. rank'],
                      ...tableMeasures.map((m) => [`measure:${m.name}`, m.name]),
                    ] as Array<[string, string]>
                  ).map(([key, label]) => (
                    <th key={key} aria-sort={sortParam === key ? (descending ? 'descending' : 'ascending') : 'none'} className={key.startsWith('measure:') ? 'num' : undefined}>
                      <button className="link" onClick={() => setSort(key)}>
                        {label}
                        {sortParam === key ? (descending ? ' ▼' : ' ▲') : ''}
                      </button>
                    </th>
                  ))}
                  <th>text</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 500).map((q) => (
                  <tr key={q.queryId} className={q.failing ? 'failing' : undefined}>
                    <td className="mono">{mapLink(q.queryId) ? <a href={mapLink(q.queryId)!}>{q.queryId}</a> : q.queryId}</td>
                    <td className="num">{q.relevant}</td>
                    <td className="num">{q.firstRelevantRank ?? '—'}</td>
                    {tableMeasures.map((m) => (
                      <td key={m.name} className="num">
                        {formatNumber(q.values[m.name])}
                      </td>
                    ))}
                    <td className="snippet">{q.text?.slice(0, 120)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </div>
  );
}

function MeasuresTable({ measures, keyMeasure }: { measures: ReportMeasure[]; keyMeasure: string }) {
  return (
    <table className="table compact" data-testid="measures">
      <thead>
        <tr>
          <th>measure</th>
          <th className="num">value</th>
          <th className="num">95% CI</th>
          <th style={{ width: '40%' }} aria-label="interval" />
        </tr>
      </thead>
      <tbody>
        {measures.map((m) => (
          <tr key={m.name} className={m.name === keyMeasure ? 'key' : undefined}>
            <td>{m.name}</td>
            <td className="num">{m.aggregate === 'sum' ? formatCount(m.value) : formatNumber(m.value)}</td>
            <td className="num">{m.ci ? `${formatNumber(m.ci.lower)} – ${formatNumber(m.ci.upper)}` : '—'}</td>
            <td>
              {m.aggregate === 'mean' && m.value >= 0 && m.value <= 1 && (
                <svg viewBox="0 0 100 10" className="ci-bar" preserveAspectRatio="none" role="img" aria-label={`${m.name} ${m.value.toFixed(3)}`}>
                  <rect x="0" y="4" width="100" height="2" className="ci-track" />
                  {m.ci && <rect x={m.ci.lower * 100} y="2" width={Math.max(0.5, (m.ci.upper - m.ci.lower) * 100)} height="6" className="ci-range" />}
                  <rect x={m.value * 100 - 0.5} y="0" width="1" height="10" className="ci-value" />
                </svg>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Histogram({ values, label }: { values: number[]; label: string }) {
  const bins = histogram(values, 10);
  const max = Math.max(1, ...bins.map((b) => b.count));
  const W = 400;
  const H = 160;
  const bw = W / bins.length;
  return (
    <svg viewBox={`0 0 ${W} ${H + 30}`} className="histogram" role="img" aria-label={`histogram of ${label}`} data-testid="histogram">
      {bins.map((b, i) => {
        const h = (b.count / max) * H;
        return (
          <g key={i}>
            <rect x={i * bw + 2} y={H - h} width={bw - 4} height={h} className="bar">
              <title>{`${b.x0.toFixed(1)}–${b.x1.toFixed(1)}: ${b.count} queries`}</title>
            </rect>
            <text x={i * bw + bw / 2} y={H - h - 3} textAnchor="middle" className="bar-count">
              {b.count || ''}
            </text>
            <text x={i * bw + bw / 2} y={H + 14} textAnchor="middle" className="axis">
              {b.x0.toFixed(1)}
            </text>
          </g>
        );
      })}
      <text x={W / 2} y={H + 28} textAnchor="middle" className="axis">
        {label}
      </text>
    </svg>
  );
}

export function ComparePage({ route }: PageProps) {
  const { a, b, measure } = route.params;
  const comparison = useAsync(
    () => (a && b ? getJson<EvaluationComparison>(`/api/evaluations/compare?a=${a}&b=${b}${measure ? `&measure=${encodeURIComponent(measure)}` : ''}`) : Promise.reject(new Error('choose two evaluations on the Evaluations page'))),
    [a, b, measure],
  );
  const c = comparison.data;
  return (
    <div className="page" data-testid="compare">
      <ErrorBox error={comparison.error} title="Could not compare" />
      {c && (
        <>
          <Section title={`Comparison: ${c.a.name ?? c.a.runId} → ${c.b.name ?? c.b.runId}`}>
            <p className="hint">
              {c.queryCount} queries · by {c.keyMeasure}: {c.betterCount} better, {c.worseCount} worse, {c.unchanged} unchanged · paired randomization test ({c.permutations.toLocaleString('en-US')} sign flips) and t-test, differences B − A
            </p>
            <table className="table compact" data-testid="comparison">
              <thead>
                <tr>
                  <th>measure</th>
                  <th className="num">A</th>
                  <th className="num">B</th>
                  <th className="num">Δ (B − A)</th>
                  <th className="num">p (randomization)</th>
                  <th className="num">p (t-test)</th>
                </tr>
              </thead>
              <tbody>
                {c.measures.map((m) => (
                  <tr key={m.measure} className={m.randomizationP < 0.05 ? (m.difference > 0 ? 'better' : 'worse') : undefined}>
                    <td>{m.measure}</td>
                    <td className="num">{formatNumber(m.meanA)}</td>
                    <td className="num">{formatNumber(m.meanB)}</td>
                    <td className="num">{(m.difference >= 0 ? '+' : '') + formatNumber(m.difference)}</td>
                    <td className="num">{formatP(m.randomizationP)}</td>
                    <td className="num">{formatP(m.tTestP)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <div className="report-grid">
            <Section title={`Better in B (${c.betterCount})`}>
              <QueryDeltas list={c.better} />
            </Section>
            <Section title={`Worse in B (${c.worseCount})`}>
              <QueryDeltas list={c.worse} />
            </Section>
          </div>
        </>
      )}
    </div>
  );
}

function QueryDeltas({ list }: { list: EvaluationComparison['better'] }) {
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>query</th>
          <th className="num">A</th>
          <th className="num">B</th>
          <th className="num">Δ</th>
          <th>text</th>
        </tr>
      </thead>
      <tbody>
        {list.map((q) => (
          <tr key={q.queryId}>
            <td className="mono">{q.queryId}</td>
            <td className="num">{formatNumber(q.a)}</td>
            <td className="num">{formatNumber(q.b)}</td>
            <td className="num">{(q.delta >= 0 ? '+' : '') + formatNumber(q.delta)}</td>
            <td className="snippet">{q.text?.slice(0, 100)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
