export { freePort, waitFor, GiveUp } from './ports';
export { spawnGroup, type GroupProcess } from './process-group';
export { repoRoot } from './repo';
export { startMilvusLite, assertMilvusLiteInstalled, milvusLitePython, type MilvusLiteOptions, type MilvusLiteServer } from './milvus-lite';
export { startPostgres, postgresBinDir, type PostgresServer } from './postgres';
