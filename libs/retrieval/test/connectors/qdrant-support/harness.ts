import { createServer } from 'node:net';
import { QdrantStore } from '../../../src/connectors/qdrant';
import type { ConnectionConfig } from '../../../src/connectors/types';
import { loadScenario, plain, recording, type Exchange, type Scenario } from './recordings';
import { ReplayServer } from './replay-server';

/** The open (no API key) server: every scenario recorded before the restart with keys. */
export const OPEN_SCENARIOS: Scenario[] = ['server', 'single-vector', 'named-vectors', 'int-ids', 'uuid-ids', 'payload-indexes', 'errors'];

export async function replay(scenarios: Scenario[], extra: Exchange[] = []): Promise<ReplayServer> {
  return ReplayServer.start([...scenarios.flatMap(loadScenario), ...extra]);
}

export function storeFor(server: ReplayServer, config: Partial<ConnectionConfig> = {}): QdrantStore {
  return new QdrantStore({ kind: 'qdrant', url: server.url, ...config });
}

export { collect } from '../stream-support';

/** A local port with nothing listening: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type RecordedPoint = { id: number | bigint | string; vector?: unknown; payload?: Record<string, unknown>; score?: number };

/** Points of a recorded response, as plain values (ids beyond 2^53 as bigint). */
export function recordedPoints(name: string, pick: (result: unknown) => unknown = (result) => (result as { points: unknown }).points): RecordedPoint[] {
  const body = plain(recording(name).response.body) as { result: unknown };
  return pick(body.result) as RecordedPoint[];
}

export function recordedRequest(name: string): Record<string, unknown> {
  return plain(recording(name).request.body) as Record<string, unknown>;
}
