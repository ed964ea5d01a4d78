import { MilvusDocumentWriter } from '@ragscope/retrieval';
import { describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../support/api-server';
import { artifactPath, launchChromium, pixelStats } from '../support/browser';

interface Measure {
  name: string;
  value: number;
}

async function get(api: RunningApi, path: string): Promise<any> {
  const response = await fetch(`${api.baseUrl}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function demoFinished(api: RunningApi): Promise<any> {
  let status: any;
  await expect
    .poll(
      async () => {
        status = await get(api, '/api/demo');
        if (status.job?.status === 'failed') throw new Error(`demo failed: ${status.job.error}`);
        return status.job?.status;
      },
      { timeout: 240_000, interval: 1_000 },
    )
    .toBe('succeeded');
  return status;
}

async function waitForJobs(api: RunningApi): Promise<void> {
  await expect
    .poll(async () => (await get(api, '/api/jobs')).filter((j: { status: string }) => j.status === 'queued' || j.status === 'running').length, {
      timeout: 240_000,
      interval: 1_000,
    })
    .toBe(0);
}

/** What a newcomer sees: the first page links the demo; the map draws with its queries; the report shows the numbers. */
async function seeItInTheBrowser(api: RunningApi): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(api.baseUrl);
    const banner = page.getByTestId('demo-banner');
    await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain('Demo ready');
    await page.screenshot({ path: artifactPath('first-run-home.png') });

    await banner.getByRole('link', { name: 'the map with its queries' }).click();
    const canvas = page.locator('[data-testid="map"] canvas');
    await canvas.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await pixelStats(canvas)).foreground, { timeout: 30_000, interval: 300 }).toBeGreaterThan(3_000);
    const list = page.getByTestId('query-list');
    await expect.poll(() => list.locator('li').count(), { timeout: 60_000 }).toBe(93);
    await page.waitForTimeout(800);
    const before = await pixelStats(canvas);
    await list.locator('button').first().click();
    await page.getByTestId('query-panel').waitFor();
    expect(await page.getByTestId('query-docs').locator('tbody tr').count()).toBe(10);
    // the lines to the retrieved documents change what is drawn
    await expect.poll(async () => (await pixelStats(canvas)).foreground, { timeout: 10_000 }).not.toBe(before.foreground);
    await page.screenshot({ path: artifactPath('first-run-map-queries.png') });

    await page.goto(api.baseUrl);
    await page.getByTestId('demo-banner').getByRole('link', { name: 'the evaluation report' }).click();
    const measures = page.getByTestId('measures');
    await measures.waitFor({ timeout: 30_000 });
    const text = (await measures.textContent()) ?? '';
    for (const value of ['0.2528', '0.4335', '0.3634', '0.6074']) expect(text).toContain(value);
    await page.screenshot({ path: artifactPath('first-run-report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

describe('first run on embedded defaults', () => {
  it('loads Vaswani, maps it, evaluates its 93 queries to the README numbers and replays them as spans; a restart reloads nothing', async () => {
    const first = await startApi({ RAGSCOPE_DEMO: '1' });
    const dataDir = first.dataDir;
    try {
      const status = await demoFinished(first);
      await waitForJobs(first);
      const { projectionId, evaluationId, loaded, eventsSent } = status.result;
      expect(loaded).toEqual({ inserted: 11_429, total: 11_429 });
      expect(eventsSent).toBe(93);

      const projection = await get(first, `/api/projections/${projectionId}`);
      expect(projection).toMatchObject({ status: 'succeeded', pointCount: 11_429 });
      expect((await get(first, `/api/projections/${projectionId}/clusters`)).length).toBeGreaterThan(3);

      const report = await get(first, `/api/evaluations/${evaluationId}/report`);
      const value = (name: string) => (report.measures as Measure[]).find((m) => m.name === name)!.value.toFixed(4);
      expect({ map: value('map'), ndcg_cut_10: value('ndcg_cut_10'), P_10: value('P_10'), recall_100: value('recall_100') }).toEqual({
        map: '0.2528',
        ndcg_cut_10: '0.4335',
        P_10: '0.3634',
        recall_100: '0.6074',
      });

      const events = await get(first, '/api/events?collection=demo_vaswani&limit=100');
      expect(events.items.length).toBe(93);
      expect(events.items[0]).toMatchObject({ documentCount: 10, queryDimension: 384 });

      await seeItInTheBrowser(first);

      await first.stop({ keepData: true });

      const second = await startApi({ RAGSCOPE_DEMO: '1' }, { dataDir });
      try {
        const again = await demoFinished(second);
        expect(again.result.loaded).toEqual({ inserted: 0, total: 11_429 });
        expect(again.result.reused).toEqual(expect.arrayContaining(['collection demo_vaswani', 'projection', 'evaluation', 'retrieval events']));
        expect(again.result.projectionId).toBe(projectionId);
        expect((await get(second, `/api/projections/${projectionId}/clusters`)).length).toBeGreaterThan(3);
        expect((await get(second, `/api/evaluations/${evaluationId}/report`)).measures.length).toBeGreaterThan(5);
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  });

  it('finishes a load killed midway on the next start: exactly 11,429 points, no duplicates', async () => {
    const first = await startApi({ RAGSCOPE_DEMO: '1' });
    const dataDir = first.dataDir;
    try {
      await expect
        .poll(
          async () => {
            const job = (await get(first, '/api/demo')).job;
            return job?.stage === 'loading documents into Milvus Lite' && job.progress > 0.15;
          },
          { timeout: 120_000, interval: 100 },
        )
        .toBe(true);
      first.kill();
      // Milvus Lite notices its parent is gone and stops within a second or two, releasing its files
      await new Promise((r) => setTimeout(r, 4_000));

      const second = await startApi({ RAGSCOPE_DEMO: '1' }, { dataDir });
      try {
        const status = await demoFinished(second);
        expect(status.result.loaded.total).toBe(11_429);
        expect(status.result.loaded.inserted).toBeGreaterThan(0);
        expect(status.result.loaded.inserted).toBeLessThan(11_429);
        const address = (await get(second, '/api/health')).milvusLite.address;
        const writer = new MilvusDocumentWriter({ kind: 'milvus', url: address });
        try {
          expect(await writer.count('demo_vaswani')).toBe(11_429);
          expect((await writer.storedIds('demo_vaswani')).size).toBe(11_429);
        } finally {
          await writer.close();
        }
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  });

  it('creates no demo collection, connection or job with RAGSCOPE_DEMO=0', async () => {
    const api = await startApi({ RAGSCOPE_DEMO: '0' });
    try {
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await get(api, '/api/jobs')).toEqual([]);
      expect(await get(api, '/api/connections')).toEqual([]);
      const demo = await get(api, '/api/demo');
      expect(demo).toMatchObject({ enabled: false, reason: expect.stringContaining('RAGSCOPE_DEMO=0'), job: null });
    } finally {
      await api.stop();
    }
  });
});
