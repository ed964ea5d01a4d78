import { projectConfig } from '../../tools/vitest/project';

export default projectConfig(__dirname, { services: ['milvus'] });
