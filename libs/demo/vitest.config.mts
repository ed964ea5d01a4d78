import { projectConfig } from '../../tools/vitest/project.ts';

export default projectConfig(import.meta.dirname, { services: ['milvus'] });
