import { useState, type FormEvent } from 'react';
import { getJson, request, sendJson } from '../api/client';
import type { CollectionListItem, Connection, EvalSet, Evaluation } from '../api/types';
import { ErrorBox, formatCount, formatNumber, formatTime, ProgressBar, Section, useAsync, useJobEvents } from '../components/common';
import type { PageProps } from '../state/types';

const FORMATS: Record<string, string[]> = {
  beir: ['queries', 'qrels', 'corpus', 'vectors', 'vector_ids'],
  trec: ['topics', 'qrels', 'vectors', 'vector_ids'],
  jsonl: ['file', 'vectors', 'vector_ids'],
  csv: ['file', 'vectors', 'vector_ids'],
};

export function EvaluationsPage({ navigate }: PageProps) {
  const evaluations = useAsync(() => getJson<Evaluation[]>('/api/evaluations'), []);
  const evalSets = useAsync(() => getJson<EvalSet[]>('/api/evalsets'), []);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [error, setError] = useState<unknown>(null);
  const succeeded = (evaluations.data ?? []).filter((e) => e.status === 'succeeded');

  const remove = async (e: Evaluation) => {
    if (e.status !== 'running' && e.status !== 'queued' && !window.confirm(`Delete evaluation "${e.name}"?`)) return;
    try {
      await sendJson('DELETE', `/api/evaluations/${e.id}`);
      evaluations.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="page">
      <Section title="Evaluations" actions={<button onClick={evaluations.reload}>Refresh</button>}>
        <ErrorBox error={evaluations.error} title="Could not list evaluations" />
        <ErrorBox error={error} />
        {evaluations.data && evaluations.data.length === 0 && <p className="hint">No evaluations yet: import an eval set below and run it against a collection.</p>}
        {evaluations.data && evaluations.data.length > 0 && (
          <table className="table" data-testid="evaluations">
            <thead>
              <tr>
                <th>Name</th>
                <th>Collection</th>
                <th className="num">k</th>
                <th className="num">Queries</th>
                <th className="num">Failing</th>
                <th>Headline</th>
                <th style={{ width: '22%' }}>Status</th>
                <th>Created</th>
                <th aria-label="actions" />
              </tr>
            </thead>
            <tbody>
              {evaluations.data.map((e) => (
                <EvaluationRow key={e.id} evaluation={e} onRemove={remove} onFinish={evaluations.reload} />
              ))}
            </tbody>
          </table>
        )}
        {succeeded.length >= 2 && (
          <form
            className="inline-form"
            aria-label="compare two evaluations"
            onSubmit={(e) => {
              e.preventDefault();
              if (a && b) navigate({ page: 'compare', params: { a, b } });
            }}
          >
            <strong>Compare</strong>
            <EvaluationPicker label="A (baseline)" ariaLabel="baseline evaluation" evaluations={succeeded} value={a} onChange={setA} />
            <EvaluationPicker label="B" ariaLabel="compared evaluation" evaluations={succeeded} value={b} onChange={setB} />
            <button type="submit" disabled={!a || !b || a === b}>
              Compare
            </button>
          </form>
        )}
      </Section>
      <NewEvaluation evalSets={evalSets.data ?? []} onCreated={() => evaluations.reload()} />
      <ImportEvalSet onImported={evalSets.reload} />
      <ErrorBox error={evalSets.error} title="Could not list eval sets" />
    </div>
  );
}

function EvaluationPicker(props: { label: string; ariaLabel: string; evaluations: Evaluation[]; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-label={props.ariaLabel}>
        <option value="">choose…</option>
        {props.evaluations.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function EvaluationRow({ evaluation, onRemove, onFinish }: { evaluation: Evaluation; onRemove: (e: Evaluation) => void; onFinish: () => void }) {
  const active = evaluation.status === 'queued' || evaluation.status === 'running';
  const live = useJobEvents(active ? `/api/jobs/${evaluation.jobId}/events` : null, onFinish);
  const job = live ?? evaluation.job ?? null;
  const headline = evaluation.summary?.measures.find((m) => m.name === 'ndcg_cut_10') ?? evaluation.summary?.measures[0];
  return (
    <tr data-evaluation={evaluation.id} data-status={evaluation.status}>
      <td>{evaluation.status === 'succeeded' ? <a href={`#/report/${evaluation.id}`}>{evaluation.name}</a> : evaluation.name}</td>
      <td>{evaluation.collection}</td>
      <td className="num">{evaluation.k}</td>
      <td className="num">{formatCount(evaluation.summary?.queryCount)}</td>
      <td className="num">{formatCount(evaluation.summary?.failingCount)}</td>
      <td>{headline ? `${headline.name} ${formatNumber(headline.value)}` : '—'}</td>
      <td>
        <ProgressBar progress={job?.progress ?? (evaluation.status === 'succeeded' ? 1 : 0)} stage={job?.stage ?? null} status={live?.status ?? evaluation.status} />
        {evaluation.error && <div className="error-inline">{evaluation.error}</div>}
      </td>
      <td>{formatTime(evaluation.createdAt)}</td>
      <td className="actions">
        <button className="danger" onClick={() => onRemove(evaluation)}>
          {active ? 'Cancel' : 'Delete'}
        </button>
      </td>
    </tr>
  );
}

function NewEvaluation({ evalSets, onCreated }: { evalSets: EvalSet[]; onCreated: () => void }) {
  const connections = useAsync(() => getJson<Connection[]>('/api/connections'), []);
  const [form, setForm] = useState({ evalSetId: '', connectionId: '', collection: '', k: '100', name: '' });
  const collections = useAsync(
    () => (form.connectionId ? getJson<CollectionListItem[]>(`/api/connections/${form.connectionId}/collections`) : Promise.resolve([] as CollectionListItem[])),
    [form.connectionId],
  );
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await sendJson('POST', '/api/evaluations', { evalSetId: form.evalSetId, connectionId: form.connectionId, collection: form.collection, k: Number(form.k), ...(form.name ? { name: form.name } : {}) });
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  if (!evalSets.length) return null;
  return (
    <Section title="Run an evaluation">
      <form className="inline-form" onSubmit={submit} aria-label="run an evaluation">
        <label>
          Eval set
          <select required value={form.evalSetId} onChange={(e) => setForm({ ...form, evalSetId: e.target.value })}>
            <option value="">choose…</option>
            {evalSets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.queryCount} queries, {s.vectorCount} vectors)
              </option>
            ))}
          </select>
        </label>
        <label>
          Connection
          <select required value={form.connectionId} onChange={(e) => setForm({ ...form, connectionId: e.target.value, collection: '' })}>
            <option value="">choose…</option>
            {(connections.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Collection
          <select required value={form.collection} onChange={(e) => setForm({ ...form, collection: e.target.value })}>
            <option value="">choose…</option>
            {(collections.data ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          k
          <input type="number" min={1} max={1000} value={form.k} onChange={(e) => setForm({ ...form, k: e.target.value })} />
        </label>
        <label>
          Name
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="optional" />
        </label>
        <button type="submit" className="primary">
          Run
        </button>
      </form>
      <ErrorBox error={error} title="Could not start the evaluation" />
    </Section>
  );
}

function ImportEvalSet({ onImported }: { onImported: () => void }) {
  const [format, setFormat] = useState('beir');
  const [name, setName] = useState('');
  const [files, setFiles] = useState<Record<string, File>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const body = new FormData();
    body.set('name', name);
    body.set('format', format);
    for (const [field, file] of Object.entries(files)) if (FORMATS[format].includes(field)) body.set(field, file);
    try {
      const created = await request<EvalSet>('/api/evalsets', { method: 'POST', body });
      setDone(`imported “${created.name}”: ${created.queryCount} queries, ${created.judgmentCount} judgments, ${created.vectorCount} query vectors`);
      onImported();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title="Import an eval set">
      <form className="inline-form wrap" onSubmit={submit} aria-label="import an eval set">
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {Object.keys(FORMATS).map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        {FORMATS[format].map((field) => (
          <label key={field}>
            {field}
            <input type="file" name={field} onChange={(e) => e.target.files?.[0] && setFiles({ ...files, [field]: e.target.files[0] })} />
          </label>
        ))}
        <button type="submit" className="primary">
          Import
        </button>
      </form>
      {done && <p className="ok">{done}</p>}
      <ErrorBox error={error} title="Could not import" />
    </Section>
  );
}
