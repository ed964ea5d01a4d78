import { useEffect, useState } from 'react';
import { getJson, sendJson } from '../api/client';
import type { Job } from '../api/types';
import { ErrorBox, formatTime, ProgressBar, Section, useAsync, useJobEvents } from '../components/common';

const ACTIVE = new Set(['queued', 'running']);

/** Every job with its progress: running ones follow their SSE stream, the list refreshes every few seconds. */
export function JobsPage() {
  const jobs = useAsync(() => getJson<Job[]>('/api/jobs?limit=200'), []);
  const [error, setError] = useState<unknown>(null);
  const anyActive = jobs.data?.some((j) => ACTIVE.has(j.status)) ?? false;
  useEffect(() => {
    const timer = setInterval(jobs.reload, anyActive ? 2_000 : 10_000);
    return () => clearInterval(timer);
  }, [anyActive, jobs.reload]);

  const cancel = async (job: Job) => {
    setError(null);
    try {
      await sendJson('DELETE', `/api/jobs/${job.id}`);
      jobs.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="page">
      <Section title="Jobs" actions={<button onClick={jobs.reload}>Refresh</button>}>
        <ErrorBox error={jobs.error} title="Could not list jobs" />
        <ErrorBox error={error} title="Could not cancel" />
        {jobs.data && jobs.data.length === 0 && <p className="hint">No jobs yet: mapping a collection or running an evaluation starts one.</p>}
        {jobs.data && jobs.data.length > 0 && (
          <table className="table" data-testid="jobs">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Subject</th>
                <th style={{ width: '34%' }}>Progress</th>
                <th>Started</th>
                <th>Error</th>
                <th aria-label="actions" />
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) => (
                <JobRow key={job.id} job={job} onCancel={cancel} onFinish={jobs.reload} />
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}

function JobRow({ job: listed, onCancel, onFinish }: { job: Job; onCancel: (job: Job) => void; onFinish: () => void }) {
  const live = useJobEvents(ACTIVE.has(listed.status) ? `/api/jobs/${listed.id}/events` : null, onFinish);
  const job = live && live.id === listed.id ? live : listed;
  const projectionId = typeof job.params.projectionId === 'string' ? job.params.projectionId : null;
  const evaluationId = typeof job.params.evaluationId === 'string' ? job.params.evaluationId : null;
  return (
    <tr data-job={job.id} data-kind={job.kind} data-status={job.status}>
      <td>{job.kind}</td>
      <td>
        {projectionId && <a href={`#/map/${projectionId}`}>map {projectionId.slice(0, 8)}</a>}
        {evaluationId && <a href={`#/report/${evaluationId}`}>report {evaluationId.slice(0, 8)}</a>}
        {!projectionId && !evaluationId && <span className="mono">{job.id.slice(0, 8)}</span>}
      </td>
      <td>
        <ProgressBar progress={job.progress} stage={job.stage} status={job.status} />
      </td>
      <td>{formatTime(job.startedAt ?? job.createdAt)}</td>
      <td className="error-inline">{job.error ?? ''}</td>
      <td className="actions">
        {ACTIVE.has(job.status) && (
          <button className="danger" onClick={() => onCancel(job)}>
            Cancel
          </button>
        )}
      </td>
    </tr>
  );
}
