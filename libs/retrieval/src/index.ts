export * from './connectors/types';
export * from './connectors';
