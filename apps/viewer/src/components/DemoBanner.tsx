import { useEffect, useState } from 'react';
import { getJson } from '../api/client';

interface DemoStatus {
  enabled: boolean;
  reason?: string;
  job: { status: string; stage: string | null; progress: number; error: string | null } | null;
  result: { collection: string; projectionId: string; evaluationId: string; loaded: { total: number } } | null;
}

const POLL_MS = 2_000;

/**
 * The first-run demo, on the first page: what is being prepared while the demo job runs, then
 * links to the map, the report and the events once they exist. Says nothing when there is no demo.
 */
export function DemoBanner() {
  const [demo, setDemo] = useState<DemoStatus | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      getJson<DemoStatus>('/api/demo')
        .then((status) => {
          if (stopped) return;
          setDemo(status);
          if (status.job && ['queued', 'running'].includes(status.job.status)) timer = setTimeout(poll, POLL_MS);
        })
        .catch(() => undefined);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (!demo?.job) return null;
  const { job, result } = demo;
  if (job.status === 'failed') {
    return (
      <div className="demo-banner demo-failed" role="status" data-testid="demo-banner">
        The demo could not be prepared: {job.error}
      </div>
    );
  }
  if (!result) {
    return (
      <div className="demo-banner" role="status" data-testid="demo-banner">
        Preparing the Vaswani demo (11,429 physics abstracts, their map, an evaluation of 93 queries and the queries as retrieval events): {job.stage ?? job.status} ·{' '}
        {Math.round(job.progress * 100)}% — <a href="#/jobs">jobs</a>
      </div>
    );
  }
  return (
    <div className="demo-banner demo-ready" role="status" data-testid="demo-banner">
      Demo ready: {result.loaded.total.toLocaleString('en')} documents in <code>{result.collection}</code> —{' '}
      <a href={`#/map/${result.projectionId}?queries=events`}>the map with its queries</a> · <a href={`#/report/${result.evaluationId}`}>the evaluation report</a> ·{' '}
      <a href="#/events">the retrieval events</a>
    </div>
  );
}
