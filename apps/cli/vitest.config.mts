import { projectConfig } from '../../tools/vitest/project.ts';

// `ragscope eval` is tested against a real Milvus Lite
export default projectConfig(import.meta.dirname, { services: ['milvus'] });
