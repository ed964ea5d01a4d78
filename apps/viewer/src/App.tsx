import { useEffect, useMemo, useState } from 'react';
import { getJson, type Health } from './api/client';
import { PointMap } from './map/PointMap';
import { welcomePoints } from './map/welcome-points';

export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [healthError, setHealthError] = useState<string | null>(null);
  const points = useMemo(() => welcomePoints(), []);

  useEffect(() => {
    getJson<Health>('/api/health')
      .then(setHealth)
      .catch((error: Error) => setHealthError(error.message));
  }, []);

  const state = healthError ? 'down' : health?.status === 'ok' ? 'ok' : 'pending';
  return (
    <div className="shell">
      <header className="topbar">
        <h1>ragscope</h1>
        <span className="status" data-state={state} data-testid="health">
          {healthError
            ? `api unreachable: ${healthError}`
            : health
              ? `api ${health.status} · ${health.database.driver} · jobs ${health.jobs.mode}`
              : 'connecting…'}
        </span>
      </header>
      <main className="map" data-testid="map">
        <PointMap points={points} />
      </main>
    </div>
  );
}
