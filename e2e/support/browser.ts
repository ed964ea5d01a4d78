import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { PNG } from 'pngjs';
import { repoRoot } from '../../libs/services/src';

export const CHROMIUM = process.env.RAGSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, without the background traffic this closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (scripts/setup.sh --test does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
      // WebGL without a GPU: SwiftShader's software rasteriser
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
}

export interface PixelStats {
  width: number;
  height: number;
  /** pixels that differ from the most common colour (the background) */
  foreground: number;
  distinctColors: number;
}

/** Reads the pixels of what the element shows on screen (a screenshot, not the canvas API). */
export async function pixelStats(element: Locator): Promise<PixelStats> {
  const png = PNG.sync.read(await element.screenshot());
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return { width: png.width, height: png.height, foreground: png.width * png.height - background, distinctColors: counts.size };
}

export function artifactPath(name: string): string {
  const dir = join(repoRoot(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
