import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { artifactPath, launchChromium, pixelStats } from '../support/browser';
import { importCranfieldEvalSet, loadCranfield, runEvaluation, sendCranfieldTraces, waitForMilvusLite } from '../support/cranfield';

const COLLECTION = 'cranfield_viewer';

describe('the map of a Milvus Lite collection, driven through the viewer', () => {
  let browser: Browser;
  let page: Page;
  let base: string;
  let address: string;
  let texts: Map<string, string>;
  let projectionId: string;
  let connectionId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    base = inject('apiBaseUrl');
    address = await waitForMilvusLite(base);
    texts = await loadCranfield(address, COLLECTION);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('adds a connection in the form and lists the collection with dimension, metric and count', async () => {
    await page.goto(`${base}/#/connections`);
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add connection' });
    await form.getByLabel('Name', { exact: true }).fill('milvus lite');
    await form.getByLabel('Kind').selectOption('milvus');
    await form.getByLabel('URL').fill(address);
    await form.getByLabel('Token (Milvus / Zilliz)').fill('');
    await form.getByRole('button', { name: 'Connect' }).click();
    const row = page.locator('[data-collection="' + COLLECTION + '"]');
    await row.waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toMatch(/^#\/connections\?conn=/);
    connectionId = new URL(page.url()).hash.split('conn=')[1];
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 6)).toEqual([COLLECTION, 'embedding', '384', 'cosine', '1,400', 'text']);
    // secrets are write-only: the list never shows a value
    expect(await page.getByTestId('connections').textContent()).toContain('none');
    await page.screenshot({ path: artifactPath('viewer-connections.png') });
  });

  it('maps the collection and follows the progress bar until the map draws', async () => {
    await page.locator(`[data-collection="${COLLECTION}"]`).getByRole('button', { name: 'Map this collection' }).click();
    await page.waitForURL(/#\/map\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    projectionId = new URL(page.url()).hash.split('/')[2];
    const seen = new Set<string>();
    const canvas = page.locator('[data-testid="map"] canvas');
    const deadline = Date.now() + 180_000;
    while (!(await canvas.isVisible())) {
      const label = await page.locator('[data-testid="map-progress"] .progress-label').textContent().catch(() => null);
      if (label) seen.add(label.replace(/ · \d+%$/, ''));
      if (Date.now() > deadline) throw new Error(`the map did not appear; stages seen: ${[...seen].join(', ')}`);
      if (seen.size === 2) await page.screenshot({ path: artifactPath('viewer-map-progress.png') });
      await page.waitForTimeout(150);
    }
    expect(seen.size).toBeGreaterThan(0);
    await expect.poll(async () => (await pixelStats(canvas)).foreground, { timeout: 20_000, interval: 300 }).toBeGreaterThan(3_000);
    const stats = await pixelStats(canvas);
    expect(stats.distinctColors).toBeGreaterThan(10);
    expect(await page.getByTestId('map-facts').textContent()).toContain('1,400 points');
    expect(await page.getByTestId('legend').locator('li').count()).toBeGreaterThan(2);
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('viewer-map.png') });
  }, 240_000);

  /** Screen position of every point under an explicit camera (OrthographicView, y up). */
  async function pointsOnScreen(camera: { x: number; y: number; zoom: number }) {
    const response = await fetch(`${base}/api/projections/${projectionId}/points`);
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    const ids = Array.from(table.getChild('id')!, String);
    const xs = table.getChild('x')!.toArray() as Float32Array;
    const ys = table.getChild('y')!.toArray() as Float32Array;
    const box = (await page.getByTestId('map').boundingBox())!;
    const scale = 2 ** camera.zoom;
    return ids.map((id, i) => ({ id, sx: box.x + box.width / 2 + (xs[i] - camera.x) * scale, sy: box.y + box.height / 2 - (ys[i] - camera.y) * scale, x: xs[i], y: ys[i] }));
  }

  async function isolatedPoint(camera: { x: number; y: number; zoom: number }) {
    const points = await pointsOnScreen(camera);
    const box = (await page.getByTestId('map').boundingBox())!;
    const inside = points.filter((p) => p.sx > box.x + 60 && p.sx < box.x + box.width - 60 && p.sy > box.y + 60 && p.sy < box.y + box.height - 60);
    let best = inside[0];
    let bestGap = 0;
    for (const p of inside) {
      let gap = Infinity;
      for (const q of points) if (q !== p) gap = Math.min(gap, Math.hypot(q.sx - p.sx, q.sy - p.sy));
      if (gap > bestGap) {
        bestGap = gap;
        best = p;
      }
    }
    expect(bestGap).toBeGreaterThan(6);
    return best;
  }

  it('hovering a point shows its id and chunk text; clicking opens its payload and nearest neighbours', async () => {
    const camera = { x: 0, y: 0, zoom: 0 };
    const points = await pointsOnScreen(camera);
    camera.x = points.reduce((s, p) => s + p.x, 0) / points.length;
    camera.y = points.reduce((s, p) => s + p.y, 0) / points.length;
    camera.zoom = 5;
    await page.goto(`${base}/#/map/${projectionId}?cam=${camera.x},${camera.y},${camera.zoom}`);
    await page.locator('[data-testid="map"] canvas').waitFor();
    await page.waitForTimeout(1_000);
    const target = await isolatedPoint(camera);
    await page.mouse.move(target.sx - 20, target.sy - 20);
    await page.mouse.move(target.sx, target.sy, { steps: 4 });
    const tooltip = page.getByTestId('tooltip');
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.locator('.tooltip-id .mono').textContent()).toBe(target.id);
    await expect.poll(() => page.getByTestId('tooltip-text').textContent(), { timeout: 10_000 }).toBe(texts.get(target.id)!.slice(0, 400));
    await page.screenshot({ path: artifactPath('viewer-map-hover.png') });

    await page.mouse.click(target.sx, target.sy);
    await expect.poll(() => new URL(page.url()).hash, { timeout: 5_000 }).toContain(`sel=${target.id}`);
    const details = page.getByTestId('details');
    await details.waitFor();
    expect(await page.getByTestId('details-id').textContent()).toBe(target.id);
    await expect.poll(() => page.getByTestId('payload').textContent(), { timeout: 10_000 }).toContain(texts.get(target.id)!.slice(0, 50));
    expect(await page.getByTestId('neighbours').locator('li').count()).toBe(10);
    await page.screenshot({ path: artifactPath('viewer-map-details.png') });

    // the URL is the view: opening it afresh shows the same selection and colour mode
    const shared = page.url();
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto(shared);
    await other.getByTestId('details-id').waitFor({ timeout: 20_000 });
    expect(await other.getByTestId('details-id').textContent()).toBe(target.id);
    await other.close();
  }, 120_000);

  it('selects a box with shift-drag and exports the selected points as CSV', async () => {
    const map = (await page.getByTestId('map').boundingBox())!;
    const x0 = map.x + map.width * 0.3;
    const y0 = map.y + map.height * 0.3;
    await page.mouse.move(x0, y0);
    await page.keyboard.down('Shift');
    await page.getByTestId('box-overlay').waitFor();
    await page.mouse.down();
    await page.mouse.move(x0 + map.width * 0.4, y0 + map.height * 0.4, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const selection = page.getByTestId('selection');
    await selection.waitFor({ timeout: 5_000 });
    const heading = (await selection.locator('h2').textContent())!;
    const count = Number(heading.match(/^([\d,]+) points selected/)![1].replace(/,/g, ''));
    expect(count).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('viewer-map-selection.png') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(count <= 500 ? 'id,x,y,cluster,cluster_label,text' : 'id,x,y,cluster,cluster_label');
    expect(lines.length - 1).toBe(count);
    const firstId = lines[1].split(',')[0];
    expect(texts.has(firstId)).toBe(true);
  }, 120_000);

  it('finds a point by id from the search box', async () => {
    const id = [...texts.keys()][123];
    await page.getByLabel('search by id or text').fill(id);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('details-id').textContent(), { timeout: 5_000 }).toBe(id);
    // text search needs an embedder; the api's refusal is shown as given
    await page.getByLabel('search by id or text').fill('boundary layer');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('error').first().textContent(), { timeout: 5_000 }).toContain('no embedder is configured');
  });

  it('colours by a payload field with a legend and shows a density view', async () => {
    await page.goto(`${base}/#/map/${projectionId}?color=field%3Atext&density=1`);
    await page.locator('[data-testid="map"] canvas').waitFor();
    await expect.poll(() => page.getByTestId('legend').textContent(), { timeout: 20_000 }).toContain('other');
    const canvas = page.locator('[data-testid="map"] canvas');
    await expect.poll(async () => (await pixelStats(canvas)).foreground, { timeout: 20_000 }).toBeGreaterThan(3_000);
    await page.screenshot({ path: artifactPath('viewer-map-density.png') });
  }, 60_000);

  it('places retrieval events on the map and draws lines from a selected query to its documents', async () => {
    const sent = await sendCranfieldTraces(base, COLLECTION, 12);
    await page.goto(`${base}/#/map/${projectionId}?queries=events`);
    const list = page.getByTestId('query-list');
    await expect.poll(() => list.locator('li').count(), { timeout: 30_000 }).toBe(12);
    expect(await page.getByTestId('queries-note').textContent()).toBe('12 retrieval events placed from their query vectors');
    const canvas = page.locator('[data-testid="map"] canvas');
    await page.waitForTimeout(800);
    const before = await pixelStats(canvas);
    await list.locator('button').filter({ hasText: sent[0].text.slice(0, 40) }).first().click();
    const panel = page.getByTestId('query-panel');
    await panel.waitFor();
    expect(await panel.locator('.query-text').textContent()).toBe(sent[0].text);
    const rows = panel.getByTestId('query-docs').locator('tbody tr');
    expect(await rows.count()).toBe(sent[0].docs.length);
    expect((await rows.first().textContent())!).toContain(sent[0].docs[0]);
    await expect.poll(async () => (await pixelStats(canvas)).foreground, { timeout: 10_000 }).not.toBe(before.foreground);
    expect(new URL(page.url()).hash).toContain('q=event');
    await page.getByTestId('never-retrieved').waitFor({ state: 'attached' });
    await page.screenshot({ path: artifactPath('viewer-map-queries.png') });
    // the events page lists them and links back to the map
    await page.goto(`${base}/#/events`);
    await expect.poll(() => page.getByTestId('events').locator('tbody tr').count(), { timeout: 10_000 }).toBe(12);
    await page.screenshot({ path: artifactPath('viewer-events.png') });
  }, 120_000);

  it('colours points by how often the retrieval events retrieved them', async () => {
    await page.goto(`${base}/#/map/${projectionId}?color=frequency`);
    await expect.poll(() => page.getByTestId('legend').textContent(), { timeout: 20_000 }).toContain('times retrieved (12 events)');
    await page.screenshot({ path: artifactPath('viewer-map-frequency.png') });
  }, 60_000);

  it('opens an evaluation report, sorts it, exports it, and compares two runs', async () => {
    const evalSet = await importCranfieldEvalSet(base, 'cranfield test');
    const a = await runEvaluation(base, { evalSetId: evalSet.id, connectionId, collection: COLLECTION, k: 10, name: 'top 10' });
    const b = await runEvaluation(base, { evalSetId: evalSet.id, connectionId, collection: COLLECTION, k: 100, name: 'top 100' });
    await page.goto(`${base}/#/evaluations`);
    await page.locator(`[data-evaluation="${a}"]`).getByRole('link', { name: 'top 10' }).click();
    await page.getByTestId('measures').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('measures').textContent()).toContain('ndcg_cut_10');
    expect(await page.getByTestId('histogram').locator('rect.bar').count()).toBe(10);
    const perQuery = page.getByTestId('per-query');
    // sorted by the key measure, worst first; one click turns it round
    const column = async () => (await perQuery.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.children[3].textContent))));
    const ascending = await column();
    expect(ascending).toEqual([...ascending].sort((x, y) => x - y));
    await perQuery.getByRole('button', { name: /^ndcg_cut_10/ }).click();
    await expect.poll(() => new URL(page.url()).hash).toContain('dir=desc');
    const descending = await column();
    expect(descending).toEqual([...ascending].sort((x, y) => y - x));
    expect(descending[0]).toBeGreaterThan(descending[descending.length - 1]);
    await page.screenshot({ path: artifactPath('viewer-report.png'), fullPage: true });
    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), (await page.getByRole('link', { name: 'CSV (per query)' }).getAttribute('href'))!);
    expect(csv.split('\n')[0]).toContain('query');

    // worst queries link to the map with the evaluation's queries on it
    await page.getByTestId('worst-queries').getByRole('link', { name: 'on the map' }).first().click();
    await page.getByTestId('query-panel').waitFor({ timeout: 30_000 });
    // the eval set has query vectors: every query is placed by the map's model, none approximated
    expect(await page.getByTestId('queries-note').textContent()).toBe('225 evaluation queries placed from their query vectors');
    await page.screenshot({ path: artifactPath('viewer-map-eval-query.png') });

    await page.goto(`${base}/#/compare?a=${a}&b=${b}`);
    const table = page.getByTestId('comparison');
    await table.waitFor({ timeout: 20_000 });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('compare').textContent()).toContain('randomization');
    await page.screenshot({ path: artifactPath('viewer-compare.png'), fullPage: true });
  }, 300_000);

  it('lists the jobs with their final progress', async () => {
    await page.goto(`${base}/#/jobs`);
    const jobs = page.getByTestId('jobs');
    await jobs.waitFor();
    await expect.poll(() => jobs.locator('tr[data-kind="projection"][data-status="succeeded"]').count()).toBeGreaterThan(0);
    expect(await jobs.locator('tr[data-kind="evaluation"][data-status="succeeded"]').count()).toBe(2);
    await page.screenshot({ path: artifactPath('viewer-jobs.png') });
    expect(consoleErrors.filter((e) => !e.includes('favicon') && !/status of 400/.test(e))).toEqual([]);
  });
});
