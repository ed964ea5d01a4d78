export { hdbscan, type HdbscanOptions, type HdbscanResult } from './hdbscan';
export { clusterLabels, tokenize, defaultStopWords, type ClusterLabel, type ClusterLabelOptions } from './cluster-labels';
