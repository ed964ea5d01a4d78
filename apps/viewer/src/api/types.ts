// Shapes the api answers with (see /api/openapi.json). Those the core declares (jobs, projections,
// clusters, reports) come from it as type-only imports, erased from the bundle; the rest are
// declared here, so the viewer bundle never follows an import into server code.

import type { JobStatus, JobView, ReportMeasure } from '@ragscope/retrieval';

export type { ClusterSummary, JobStatus, JobView as Job, ProjectionView as Projection } from '@ragscope/retrieval';
export type { ComparisonMeasure, ComparisonQuery, EvaluationComparison, EvaluationReport, ReportMeasure, ReportQueryRow } from '@ragscope/retrieval';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: { status: 'ok' | 'down'; driver: string };
  jobs: { mode: string; running: number; queued: number };
  milvusLite?: { status: string; address?: string };
}

export type VectorStoreKind = 'qdrant' | 'milvus';

export interface Connection {
  id: string;
  name: string;
  kind: VectorStoreKind;
  url: string;
  database: string | null;
  tls: boolean | null;
  username: string | null;
  hasApiKey: boolean;
  hasToken: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionInput {
  name?: string;
  kind?: VectorStoreKind;
  url?: string;
  apiKey?: string | null;
  token?: string | null;
  username?: string | null;
  password?: string | null;
  database?: string | null;
  tls?: boolean | null;
}

export interface VectorField {
  name: string;
  dimension: number;
  distance: string;
  type?: string;
  supported: boolean;
  reason?: string;
}

export interface CollectionListItem {
  name: string;
  info: { vectorFields: VectorField[]; pointCount: number; pointCountExact?: boolean; textField?: string } | null;
  error?: string;
}

export interface PayloadField {
  name: string;
  type: string;
  present: number;
}

export interface CollectionInfo {
  name: string;
  vectorFields: VectorField[];
  pointCount: number;
  payloadFields: PayloadField[];
  textField?: string;
}

export interface PointView {
  id: string;
  payload?: Record<string, unknown>;
}

export interface Evaluation {
  id: string;
  name: string;
  status: JobStatus;
  evalSetId: string;
  connectionId: string;
  collection: string;
  vectorField: string | null;
  k: number;
  jobId: string;
  summary: { queryCount: number; failingCount: number; missingCount: number; measures: ReportMeasure[] } | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  job?: JobView | null;
}

export interface EvalSet {
  id: string;
  name: string;
  format: string;
  queryCount: number;
  judgmentCount: number;
  relevantCount: number;
  vectorCount: number;
  dimension: number | null;
  createdAt: string;
}

export interface DocumentRef {
  rank: number;
  id: string | null;
  score: number | null;
}

export interface RetrievalEventSummary {
  id: string;
  traceId: string;
  spanId: string;
  name: string;
  source: string;
  serviceName: string | null;
  collection: string | null;
  startedAt: string;
  durationMs: number | null;
  status: string;
  queryText: string | null;
  queryDimension: number | null;
  embeddingModel: string | null;
  documentCount: number;
  documents: DocumentRef[];
}

export interface RetrievalEventDetail extends RetrievalEventSummary {
  queryVector: string | null;
  documents: Array<DocumentRef & { content: string | null; found?: boolean; payload?: Record<string, unknown> | null }>;
  missingIds?: string[];
}

export interface EventPage {
  items: RetrievalEventSummary[];
  nextCursor: string | null;
}
