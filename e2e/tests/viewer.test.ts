import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { artifactPath, launchChromium } from '../support/browser';

describe('viewer served by the api', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the shell, reports the api as healthy and routes every page by its URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(inject('apiBaseUrl'));
    await expect.poll(() => page.getByTestId('health').getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    for (const [label, hash, heading] of [
      ['Maps', '#/maps', 'Maps'],
      ['Jobs', '#/jobs', 'Jobs'],
      ['Evaluations', '#/evaluations', 'Evaluations'],
      ['Events', '#/events', 'Retrieval events'],
      ['Connections', '#/connections', 'Connections'],
    ]) {
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: label }).click();
      expect(new URL(page.url()).hash).toBe(hash);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await expect.poll(() => page.getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe('page');
    }
    // the navigation is reachable from the keyboard
    await page.reload();
    await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connections');
    await page.screenshot({ path: artifactPath('viewer-home.png') });
    expect(consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('shows an api error with its message and details', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${inject('apiBaseUrl')}/#/connections`);
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add connection' });
    await form.getByLabel('Name', { exact: true }).fill('nowhere');
    await form.getByLabel('URL').fill('127.0.0.1:1');
    await form.getByRole('button', { name: 'Connect' }).click();
    const error = page.getByTestId('error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/Could not connect \(502 Bad Gateway\)/);
    await page.screenshot({ path: artifactPath('viewer-connection-error.png') });
  });
});
