import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { artifactPath, launchChromium, pixelStats } from '../support/browser';

describe('viewer served by the api', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders a deck.gl map with real pixels and reports the api as healthy', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(inject('apiBaseUrl'));
    await expect.poll(() => page.getByTestId('health').getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    await expect(page.getByTestId('health')).toBeDefined();
    const canvas = page.locator('[data-testid="map"] canvas');
    await canvas.waitFor({ state: 'visible', timeout: 15_000 });
    // deck.gl draws asynchronously: poll the screen until points appear
    await expect
      .poll(async () => (await pixelStats(canvas)).foreground, { timeout: 15_000, interval: 250 })
      .toBeGreaterThan(5_000);
    const stats = await pixelStats(canvas);
    expect(stats.distinctColors).toBeGreaterThan(5);
    await page.screenshot({ path: artifactPath('viewer-home.png') });
    expect(consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
