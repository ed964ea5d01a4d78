import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.RAGSCOPE_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8700}`;

export default defineConfig({
  plugins: [react()],
  resolve: {
    // the viewer shares types and pure helpers with the core, never server code: at run time only
    // the Arrow codecs (libs/retrieval/src/arrow, which import nothing but apache-arrow)
    alias: [
      { find: /^@ragscope\/retrieval\/arrow$/, replacement: join(import.meta.dirname, '../../libs/retrieval/src/arrow/index.ts') },
      { find: /^@ragscope\/retrieval$/, replacement: join(import.meta.dirname, '../../libs/retrieval/src/index.ts') },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2048 },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: true }, '/v1': { target: apiTarget, changeOrigin: true } },
  },
});
