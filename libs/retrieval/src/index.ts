export * from './connectors/types';
export * from './connectors';
export * from './metrics';
export * from './evalsets';
