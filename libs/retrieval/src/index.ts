export * from './connectors/types';
export * from './connectors';
export * from './metrics';
export * from './evalsets';
export * from './projection';
export * from './clustering';
export * from './llm';
export * from './spans';
