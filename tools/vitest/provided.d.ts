// Values the global setups hand to tests through vitest's inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    requiredServices: Array<'milvus' | 'postgres'>;
    milvusAddress: string;
    postgresUrl: string;
    apiBaseUrl: string;
  }
}
