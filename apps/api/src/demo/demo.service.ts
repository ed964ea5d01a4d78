import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DEMO_DATA_MISSING, demoDataRoot, runDemo, type DemoDatasetName, type DemoResult } from '@ragscope/demo';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { EmbeddedMilvusService } from '../embedded/embedded-milvus.service';
import { JobsService } from '../jobs/jobs.service';
import type { JobView } from '../jobs/jobs.types';

export const DEMO_JOB = 'demo';

export interface DemoStatus {
  enabled: boolean;
  /** why there is no demo, in one line, when there is none */
  reason?: string;
  job: JobView | null;
  result: DemoResult | null;
}

/**
 * The first-run demo: on a fresh start with embedded defaults, a 'demo' job loads the Vaswani
 * collection into the embedded Milvus Lite and sets up a map, an evaluation and replayed retrieval
 * spans through the api's own public endpoints (so it shows in the jobs page like any other job).
 */
@Injectable()
export class DemoService implements OnModuleInit {
  private readonly logger = new Logger('Demo');
  private baseUrl?: string;

  constructor(
    private readonly jobs: JobsService,
    private readonly milvusLite: EmbeddedMilvusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ dataset: DemoDatasetName; reset: boolean }, Record<string, unknown>>(DEMO_JOB, async ({ params, progress, signal }) => {
      if (!this.baseUrl) throw new Error('the api is not listening yet');
      const lite = await this.milvusLite.ready();
      if (lite.status !== 'ok') throw new Error(`the embedded Milvus Lite is ${lite.status}${'error' in lite ? `: ${lite.error}` : ''}`);
      const result = await runDemo({ url: this.baseUrl, dataset: params.dataset, reset: params.reset, milvusAddress: lite.address, onProgress: progress, signal });
      this.logger.log(`demo ready: ${result.dataset} (${result.loaded.total} documents), map ${result.projectionId}, evaluation ${result.evaluationId}`);
      return { ...result };
    });
  }

  /** Called once the api listens; starts the demo unless it is turned off or already made. */
  async startOnBoot(baseUrl: string): Promise<string> {
    this.baseUrl = baseUrl;
    const skip = this.whyNot();
    if (skip) return skip;
    const previous = (await this.jobs.list({ kind: DEMO_JOB, limit: 1 }))[0];
    if (previous?.status === 'succeeded') {
      // everything is there: run again only to finish what a restart may have interrupted, quietly
      const job = await this.jobs.enqueue(DEMO_JOB, { dataset: 'vaswani', reset: false });
      return `demo data is ready (checking it in job ${job.id})`;
    }
    const job = await this.jobs.enqueue(DEMO_JOB, { dataset: 'vaswani', reset: false });
    return `preparing the Vaswani demo (map, evaluation, queries) in job ${job.id}: watch it at /#/jobs`;
  }

  async start(dataset: DemoDatasetName, reset: boolean): Promise<JobView> {
    const skip = this.whyNot(false);
    if (skip) throw new Error(skip);
    return this.jobs.enqueue(DEMO_JOB, { dataset, reset });
  }

  async status(): Promise<DemoStatus> {
    const job = (await this.jobs.list({ kind: DEMO_JOB, limit: 1 }))[0] ?? null;
    const reason = this.whyNot();
    return { enabled: !reason, ...(reason ? { reason } : {}), job, result: job?.status === 'succeeded' ? (job.result as unknown as DemoResult) : null };
  }

  private whyNot(respectSetting = true): string | undefined {
    if (respectSetting && !this.config.RAGSCOPE_DEMO) return 'the demo is turned off (RAGSCOPE_DEMO=0)';
    if (!this.config.RAGSCOPE_MILVUS_LITE) return 'the demo needs the embedded Milvus Lite (RAGSCOPE_MILVUS_LITE=1)';
    if (!demoDataRoot()) return DEMO_DATA_MISSING;
    return undefined;
  }
}
