import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { Job } from '../api/types';

/** An error as the api gave it: status, message, and its details when there are any. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert" data-testid="error">
      <strong>
        {title ?? 'Error'}
        {api && api.statusCode ? ` (${api.statusCode}${api.error ? ` ${api.error}` : ''})` : ''}:
      </strong>{' '}
      <span className="error-message">{message}</span>
      {api?.details !== undefined && <pre className="error-details">{JSON.stringify(api.details, null, 2)}</pre>}
    </div>
  );
}

export function ProgressBar({ progress, stage, status }: { progress: number; stage: string | null; status: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, progress)) * 100);
  return (
    <div className="progress" data-status={status} data-testid="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={stage ?? status}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-label">
        {status === 'running' || status === 'queued' ? `${stage ?? status} · ${percent}%` : status}
        {status === 'succeeded' && stage ? '' : ''}
      </span>
    </div>
  );
}

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs an async loader when its key changes; reload() runs it again. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A job's progress from its Server-Sent Events stream (/api/jobs/:id/events), until it finishes. */
export function useJobEvents(url: string | null, onFinish?: (job: Job) => void): Job | null {
  const [job, setJob] = useState<Job | null>(null);
  const finish = useRef(onFinish);
  finish.current = onFinish;
  useEffect(() => {
    if (!url) return;
    const source = new EventSource(url);
    source.addEventListener('progress', (event) => {
      const next = JSON.parse((event as MessageEvent).data) as Job;
      setJob(next);
      if (['succeeded', 'failed', 'cancelled'].includes(next.status)) {
        source.close();
        finish.current?.(next);
      }
    });
    source.onerror = () => {
      // the stream ends when the job does; a dropped stream is retried by the browser
    };
    return () => source.close();
  }, [url]);
  return job;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel">
      <header className="panel-head">
        <h2>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export const formatCount = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en-US'));
export const formatNumber = (n: number | null | undefined, digits = 4) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
export const formatTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
