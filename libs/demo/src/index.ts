export { runDemo, type DemoOptions, type DemoResult } from './run-demo';
export { DEMO_DATASETS, DEMO_CONNECTION_NAME, DEMO_K, DEMO_DATA_MISSING, demoDataRoot, type DemoDataset, type DemoDatasetName } from './demo-datasets';
export { loadDocuments, type LoadResult } from './load-collection';
export { replayQueriesAsSpans } from './replay-spans';
export { RagscopeClient } from './api-client';
