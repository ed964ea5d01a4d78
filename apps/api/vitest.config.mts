import swc from 'unplugin-swc';
import { projectConfig } from '../../tools/vitest/project.ts';

// NestJS needs decorator metadata, which esbuild does not emit; SWC does.
export default projectConfig(import.meta.dirname, {
  services: ['postgres', 'milvus'],
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { fileParallelism: false },
});
