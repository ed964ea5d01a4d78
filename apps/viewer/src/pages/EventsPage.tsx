import { useState } from 'react';
import { getJson } from '../api/client';
import type { EventPage, Projection, RetrievalEventDetail } from '../api/types';
import { ErrorBox, formatTime, Section, useAsync } from '../components/common';
import { withParams } from '../state/route';
import type { PageProps } from '../state/types';

export function EventsPage({ route, navigate }: PageProps) {
  const { collection, q, from, to } = route.params;
  const query = new URLSearchParams({ limit: '100' });
  if (collection) query.set('collection', collection);
  if (q) query.set('q', q);
  if (from) query.set('from', new Date(from).toISOString());
  if (to) query.set('to', new Date(to).toISOString());
  const [cursor, setCursor] = useState<string | null>(null);
  const page = useAsync(() => getJson<EventPage>(`/api/events?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), [query.toString(), cursor]);
  const projections = useAsync(() => getJson<Projection[]>('/api/projections'), []);
  const [open, setOpen] = useState<string | null>(null);
  const set = (changes: Record<string, string | undefined>) => {
    setCursor(null);
    navigate(withParams(route, changes), { replace: true });
  };
  const mapFor = (c: string | null) => (projections.data ?? []).find((p) => p.collection === c && p.status === 'succeeded');

  return (
    <div className="page">
      <Section title="Retrieval events">
        <div className="inline-form" role="search" aria-label="filter events">
          <label>
            Collection <input defaultValue={collection ?? ''} onBlur={(e) => set({ collection: e.target.value || undefined })} />
          </label>
          <label>
            Query contains <input defaultValue={q ?? ''} onBlur={(e) => set({ q: e.target.value || undefined })} />
          </label>
          <label>
            From <input type="datetime-local" value={from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
          </label>
          <label>
            To <input type="datetime-local" value={to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
          </label>
          <button onClick={page.reload}>Refresh</button>
        </div>
        <ErrorBox error={page.error} title="Could not list retrieval events" />
        {page.data && page.data.items.length === 0 && <p className="hint">No retrieval events. Send OpenTelemetry traces (OpenInference or OpenLLMetry retriever spans) to /v1/traces.</p>}
        {page.data && page.data.items.length > 0 && (
          <table className="table compact" data-testid="events">
            <thead>
              <tr>
                <th>Time</th>
                <th>Collection</th>
                <th>Query</th>
                <th className="num">Docs</th>
                <th>Status</th>
                <th>Service</th>
                <th aria-label="actions" />
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => {
                const map = mapFor(e.collection);
                return (
                  <tr key={e.id}>
                    <td>{formatTime(e.startedAt)}</td>
                    <td>{e.collection ?? '—'}</td>
                    <td>
                      <button className="link" onClick={() => setOpen(open === e.id ? null : e.id)}>
                        {e.queryText?.slice(0, 100) ?? '(no text)'}
                      </button>
                      {open === e.id && <EventDetail id={e.id} />}
                    </td>
                    <td className="num">{e.documentCount}</td>
                    <td>{e.status}</td>
                    <td>{e.serviceName ?? '—'}</td>
                    <td>{map && e.queryDimension === map.dimension && <a href={`#/map/${map.id}?queries=events&q=${encodeURIComponent(`event:${e.id}`)}`}>on the map</a>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {page.data?.nextCursor && <button onClick={() => setCursor(page.data!.nextCursor)}>Older events</button>}
      </Section>
    </div>
  );
}

function EventDetail({ id }: { id: string }) {
  const detail = useAsync(() => getJson<RetrievalEventDetail>(`/api/events/${id}`), [id]);
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <p className="hint">loading…</p>;
  return (
    <ol className="event-docs">
      {detail.data.documents.map((d) => (
        <li key={`${d.rank}:${d.id}`}>
          <span className="mono">{d.id ?? '(no id)'}</span> {d.score !== null && <span className="hint">{d.score.toFixed(4)}</span>} {d.content?.slice(0, 160)}
        </li>
      ))}
    </ol>
  );
}
