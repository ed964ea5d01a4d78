import { useState } from 'react';
import { getJson, sendJson } from '../api/client';
import type { Connection, Projection } from '../api/types';
import { ErrorBox, formatCount, formatNumber, formatTime, ProgressBar, Section, useAsync } from '../components/common';

export function MapsPage() {
  const projections = useAsync(() => getJson<Projection[]>('/api/projections'), []);
  const connections = useAsync(() => getJson<Connection[]>('/api/connections'), []);
  const [error, setError] = useState<unknown>(null);
  const names = new Map((connections.data ?? []).map((c) => [c.id, c.name]));
  const remove = async (p: Projection) => {
    if (!window.confirm(`Delete the map of ${p.collection}?`)) return;
    try {
      await sendJson('DELETE', `/api/projections/${p.id}`);
      projections.reload();
    } catch (e) {
      setError(e);
    }
  };
  const sorted = [...(projections.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <div className="page">
      <Section title="Maps" actions={<button onClick={projections.reload}>Refresh</button>}>
        <ErrorBox error={projections.error} title="Could not list maps" />
        <ErrorBox error={error} />
        {projections.data && projections.data.length === 0 && (
          <p className="hint">
            No maps yet. Open a <a href="#/connections">connection</a>, pick a collection and choose “Map this collection”.
          </p>
        )}
        {sorted.length > 0 && (
          <table className="table" data-testid="maps">
            <thead>
              <tr>
                <th>Collection</th>
                <th>Connection</th>
                <th className="num">Points</th>
                <th>Dims</th>
                <th className="num">Trustworthiness</th>
                <th style={{ width: '25%' }}>Status</th>
                <th>Created</th>
                <th aria-label="actions" />
              </tr>
            </thead>
            <tbody>
              {sorted.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={`#/map/${p.id}`}>{p.collection}</a>
                  </td>
                  <td>{names.get(p.connectionId) ?? p.connectionId.slice(0, 8)}</td>
                  <td className="num">{formatCount(p.pointCount)}</td>
                  <td>{p.nComponents}-D</td>
                  <td className="num">{formatNumber(p.trustworthiness, 3)}</td>
                  <td>
                    <ProgressBar progress={p.progress} stage={p.stage} status={p.status} />
                    {p.error && <div className="error-inline">{p.error}</div>}
                  </td>
                  <td>{formatTime(p.createdAt)}</td>
                  <td className="actions">
                    <a className="button" href={`#/map/${p.id}`}>
                      Open
                    </a>
                    <button className="danger" onClick={() => remove(p)}>
                      {p.status === 'running' || p.status === 'queued' ? 'Cancel' : 'Delete'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
