import { useState, type FormEvent } from 'react';
import { getJson, sendJson } from '../api/client';
import type { CollectionListItem, Connection, ConnectionInput, Projection, VectorStoreKind } from '../api/types';
import { ErrorBox, formatCount, Section, useAsync } from '../components/common';
import type { PageProps } from '../state/types';
import { withParams } from '../state/route';

const SECRETS = [
  { key: 'apiKey', label: 'API key (Qdrant)', flag: 'hasApiKey' },
  { key: 'token', label: 'Token (Milvus / Zilliz)', flag: 'hasToken' },
  { key: 'password', label: 'Password', flag: 'hasPassword' },
] as const;

export function ConnectionsPage({ route, navigate }: PageProps) {
  const connections = useAsync(() => getJson<Connection[]>('/api/connections'), []);
  const [editing, setEditing] = useState<Connection | 'new' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [testResult, setTestResult] = useState<Record<string, string>>({});
  const selected = route.params.conn;

  const test = async (c: Connection) => {
    setActionError(null);
    setTestResult((r) => ({ ...r, [c.id]: 'testing…' }));
    try {
      const result = await sendJson<{ ok: boolean; version?: string; latencyMs: number }>('POST', `/api/connections/${c.id}/test`);
      setTestResult((r) => ({ ...r, [c.id]: `${result.ok ? 'ok' : 'failed'}${result.version ? ` · ${result.version}` : ''} · ${result.latencyMs} ms` }));
    } catch (error) {
      setTestResult((r) => ({ ...r, [c.id]: 'failed' }));
      setActionError(error);
    }
  };

  const remove = async (c: Connection) => {
    if (!window.confirm(`Delete connection "${c.name}"?`)) return;
    setActionError(null);
    try {
      await sendJson('DELETE', `/api/connections/${c.id}`);
      if (selected === c.id) navigate(withParams(route, { conn: undefined }));
      connections.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <div className="page">
      <Section title="Connections" actions={<button onClick={() => setEditing('new')}>Add connection</button>}>
        <ErrorBox error={connections.error} title="Could not list connections" />
        <ErrorBox error={actionError} />
        {editing && (
          <ConnectionForm
            connection={editing === 'new' ? null : editing}
            onDone={(saved) => {
              setEditing(null);
              connections.reload();
              if (saved) navigate(withParams(route, { conn: saved.id }));
            }}
          />
        )}
        {connections.data && connections.data.length === 0 && !editing && (
          <p className="hint">No connections yet. Add a Qdrant or Milvus database; the embedded Milvus Lite address is on the health endpoint.</p>
        )}
        {connections.data && connections.data.length > 0 && (
          <table className="table" data-testid="connections">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>URL</th>
                <th>Secrets stored</th>
                <th>Test</th>
                <th aria-label="actions" />
              </tr>
            </thead>
            <tbody>
              {connections.data.map((c) => (
                <tr key={c.id} aria-selected={c.id === selected}>
                  <td>
                    <a href={`#/connections?conn=${c.id}`}>{c.name}</a>
                  </td>
                  <td>{c.kind}</td>
                  <td className="mono">{c.url}</td>
                  <td>{SECRETS.filter((s) => c[s.flag]).map((s) => s.key).join(', ') || 'none'}</td>
                  <td>{testResult[c.id] ?? ''}</td>
                  <td className="actions">
                    <button onClick={() => navigate(withParams(route, { conn: c.id }))}>Collections</button>
                    <button onClick={() => test(c)}>Test</button>
                    <button onClick={() => setEditing(c)}>Edit</button>
                    <button className="danger" onClick={() => remove(c)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {selected && <Collections connectionId={selected} navigate={navigate} />}
    </div>
  );
}

function ConnectionForm({ connection, onDone }: { connection: Connection | null; onDone: (saved: Connection | null) => void }) {
  const [name, setName] = useState(connection?.name ?? '');
  const [kind, setKind] = useState<VectorStoreKind>(connection?.kind ?? 'milvus');
  const [url, setUrl] = useState(connection?.url ?? '');
  const [username, setUsername] = useState(connection?.username ?? '');
  const [database, setDatabase] = useState(connection?.database ?? '');
  const [tls, setTls] = useState(connection?.tls ?? false);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [removeSecret, setRemoveSecret] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: ConnectionInput = { name, url };
    if (!connection) body.kind = kind;
    if (username || connection?.username) body.username = username || null;
    if (database || connection?.database) body.database = database || null;
    if (tls || connection?.tls) body.tls = tls;
    for (const s of SECRETS) {
      if (secrets[s.key]) body[s.key] = secrets[s.key];
      else if (removeSecret[s.key]) body[s.key] = null;
    }
    if (!connection) for (const key of ['username', 'database', 'tls'] as const) if (body[key] === null) delete body[key];
    try {
      const saved = connection ? await sendJson<Connection>('PATCH', `/api/connections/${connection.id}`, body) : await sendJson<Connection>('POST', '/api/connections', body);
      setSecrets({});
      onDone(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} aria-label={connection ? `Edit ${connection.name}` : 'Add connection'} autoComplete="off">
      <h3>{connection ? `Edit “${connection.name}”` : 'Add connection'}</h3>
      <div className="form-grid">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Kind
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as VectorStoreKind)} disabled={!!connection}>
            <option value="milvus">Milvus</option>
            <option value="qdrant">Qdrant</option>
          </select>
        </label>
        <label className="wide">
          URL
          <input name="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={kind === 'milvus' ? 'host:19530' : 'http://localhost:6333'} required />
        </label>
        <label>
          Username
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Database
          <input name="database" value={database} onChange={(e) => setDatabase(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" name="tls" checked={!!tls} onChange={(e) => setTls(e.target.checked)} /> TLS
        </label>
        {SECRETS.map((s) => (
          <label key={s.key}>
            {s.label}
            <input
              type="password"
              name={s.key}
              autoComplete="new-password"
              value={secrets[s.key] ?? ''}
              onChange={(e) => setSecrets((v) => ({ ...v, [s.key]: e.target.value }))}
              placeholder={connection?.[s.flag] ? 'stored (leave empty to keep)' : ''}
            />
            {connection?.[s.flag] && (
              <span className="check">
                <input type="checkbox" checked={!!removeSecret[s.key]} onChange={(e) => setRemoveSecret((v) => ({ ...v, [s.key]: e.target.checked }))} /> remove
              </span>
            )}
          </label>
        ))}
      </div>
      <ErrorBox error={error} title={connection ? 'Could not save' : 'Could not connect'} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : connection ? 'Save' : 'Connect'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Collections({ connectionId, navigate }: { connectionId: string; navigate: PageProps['navigate'] }) {
  const collections = useAsync(() => getJson<CollectionListItem[]>(`/api/connections/${connectionId}/collections`), [connectionId]);
  const connection = useAsync(() => getJson<Connection>(`/api/connections/${connectionId}`), [connectionId]);
  const [mapping, setMapping] = useState<string | null>(null);
  const [options, setOptions] = useState({ sample: '', nComponents: '2', clusters: true });
  const [error, setError] = useState<unknown>(null);

  const map = async (name: string) => {
    setMapping(name);
    setError(null);
    try {
      const projection = await sendJson<Projection>('POST', '/api/projections', {
        connectionId,
        collection: name,
        ...(options.sample ? { sample: Number(options.sample) } : {}),
        umap: { nComponents: Number(options.nComponents) },
        cluster: { enabled: options.clusters },
      });
      navigate({ page: 'map', id: projection.id, params: {} });
    } catch (e) {
      setError(e);
      setMapping(null);
    }
  };

  return (
    <Section
      title={`Collections${connection.data ? ` of ${connection.data.name}` : ''}`}
      actions={
        <div className="inline-form" aria-label="map options">
          <label>
            Sample
            <input type="number" min={1} placeholder="all" value={options.sample} onChange={(e) => setOptions({ ...options, sample: e.target.value })} />
          </label>
          <label>
            Dimensions
            <select value={options.nComponents} onChange={(e) => setOptions({ ...options, nComponents: e.target.value })}>
              <option value="2">2-D</option>
              <option value="3">3-D</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={options.clusters} onChange={(e) => setOptions({ ...options, clusters: e.target.checked })} /> clusters
          </label>
          <button onClick={collections.reload}>Refresh</button>
        </div>
      }
    >
      <ErrorBox error={collections.error} title="Could not list collections" />
      <ErrorBox error={error} title="Could not start the map" />
      {collections.loading && !collections.data && <p className="hint">Listing collections…</p>}
      {collections.data && collections.data.length === 0 && <p className="hint">This database has no collections.</p>}
      {collections.data && collections.data.length > 0 && (
        <table className="table" data-testid="collections">
          <thead>
            <tr>
              <th>Collection</th>
              <th>Vector field</th>
              <th>Dimension</th>
              <th>Metric</th>
              <th className="num">Points</th>
              <th>Text field</th>
              <th aria-label="actions" />
            </tr>
          </thead>
          <tbody>
            {collections.data.map((c) => {
              const fields = c.info?.vectorFields ?? [];
              return (
                <tr key={c.name} data-collection={c.name}>
                  <td>{c.name}</td>
                  <td>{fields.map((f) => f.name || '(default)').join(', ') || (c.error ? <span className="error-inline">{c.error}</span> : '—')}</td>
                  <td>{fields.map((f) => f.dimension).join(', ')}</td>
                  <td>{fields.map((f) => (f.supported ? f.distance : `${f.distance} (unsupported${f.reason ? `: ${f.reason}` : ''})`)).join(', ')}</td>
                  <td className="num">{c.info ? `${c.info.pointCountExact === false ? '≈' : ''}${formatCount(c.info.pointCount)}` : '—'}</td>
                  <td>{c.info?.textField ?? '—'}</td>
                  <td className="actions">
                    <button className="primary" disabled={!fields.some((f) => f.supported) || mapping !== null} onClick={() => map(c.name)}>
                      {mapping === c.name ? 'Starting…' : 'Map this collection'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
