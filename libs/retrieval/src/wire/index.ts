/**
 * Shapes the api answers with that the viewer reads too: declared once, here, and imported as
 * types on both sides (type-only imports, so nothing of the core reaches the browser bundle).
 */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  stage: string | null;
  progress: number;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ProjectionParams {
  sample?: number;
  umap: { nNeighbors: number; minDist: number; spread: number; nComponents: number; nEpochs?: number; seed: number; metric: 'cosine' | 'euclidean' };
  cluster: { minClusterSize?: number; minSamples?: number } | false;
  pcaComponents?: number;
}

export interface ProjectionView {
  id: string;
  connectionId: string;
  collection: string;
  vectorField: string;
  textField: string | null;
  params: ProjectionParams;
  status: JobStatus;
  stage: string | null;
  progress: number;
  error: string | null;
  jobId: string;
  pointCount: number | null;
  dimension: number | null;
  nComponents: number;
  trustworthiness: number | null;
  timings: Record<string, number> | null;
  warnings: string[];
  createdAt: string;
}

export interface ClusterSummary {
  clusterId: number;
  label: string;
  terms: string[];
  size: number;
  centroidX: number;
  centroidY: number;
  /** per payload field, the most frequent values in the cluster with their counts */
  topValues: Record<string, Array<{ value: string; count: number }>>;
}
