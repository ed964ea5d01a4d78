import { useEffect, useState } from 'react';
import { getJson } from './api/client';
import { DemoBanner } from './components/DemoBanner';
import type { Health } from './api/types';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { EvaluationsPage } from './pages/EvaluationsPage';
import { EventsPage } from './pages/EventsPage';
import { JobsPage } from './pages/JobsPage';
import { MapPage } from './pages/MapPage';
import { MapsPage } from './pages/MapsPage';
import { ComparePage, ReportPage } from './pages/ReportPage';
import type { Page } from './state/route';
import { useRoute } from './state/useRoute';

const NAV: Array<{ label: string; href: string; pages: Page[] }> = [
  { label: 'Connections', href: '#/connections', pages: ['connections'] },
  { label: 'Maps', href: '#/maps', pages: ['maps', 'map'] },
  { label: 'Jobs', href: '#/jobs', pages: ['jobs'] },
  { label: 'Evaluations', href: '#/evaluations', pages: ['evaluations', 'report', 'compare'] },
  { label: 'Events', href: '#/events', pages: ['events'] },
];

export function App() {
  const [route, navigate] = useRoute();
  const [health, setHealth] = useState<Health | null>(null);
  const [healthError, setHealthError] = useState<string | null>(null);

  useEffect(() => {
    getJson<Health>('/api/health')
      .then(setHealth)
      .catch((error: Error) => setHealthError(error.message));
  }, []);

  const state = healthError ? 'down' : health?.status === 'ok' ? 'ok' : 'pending';
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/connections">
          ragscope
        </a>
        <nav aria-label="main">
          {NAV.map((item) => (
            <a key={item.href} href={item.href} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <span className="status" data-state={state} data-testid="health">
          {healthError
            ? `api unreachable: ${healthError}`
            : health
              ? `api ${health.status} · ${health.database.driver} · jobs ${health.jobs.mode}`
              : 'connecting…'}
        </span>
      </header>
      <main className={route.page === 'map' ? 'content content-map' : 'content'}>
        {route.page === 'connections' && <DemoBanner />}
        {route.page === 'connections' && <ConnectionsPage route={route} navigate={navigate} />}
        {route.page === 'maps' && <MapsPage />}
        {route.page === 'map' && route.id && <MapPage key={route.id} route={route} navigate={navigate} />}
        {route.page === 'jobs' && <JobsPage />}
        {route.page === 'evaluations' && <EvaluationsPage route={route} navigate={navigate} />}
        {route.page === 'report' && route.id && <ReportPage key={route.id} route={route} navigate={navigate} />}
        {route.page === 'compare' && <ComparePage route={route} navigate={navigate} />}
        {route.page === 'events' && <EventsPage route={route} navigate={navigate} />}
      </main>
    </div>
  );
}
