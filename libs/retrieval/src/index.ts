export * from './connectors/types';
