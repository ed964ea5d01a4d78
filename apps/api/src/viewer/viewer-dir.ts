import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/config';

/** The built viewer: RAGSCOPE_VIEWER_DIR, else apps/viewer/dist beside this app (from src/ or dist/). */
export function viewerDir(config: Pick<AppConfig, 'RAGSCOPE_VIEWER_DIR'>): string | undefined {
  const dir = config.RAGSCOPE_VIEWER_DIR ? resolve(config.RAGSCOPE_VIEWER_DIR) : join(__dirname, '..', '..', '..', 'viewer', 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
