import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { databaseDriver } from '../database/data-source-options';
import { EmbeddedMilvusService, type EmbeddedMilvusStatus } from '../embedded/embedded-milvus.service';
import { JobsService } from '../jobs/jobs.service';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  database: { status: 'ok' | 'down'; driver: 'sqlite' | 'postgres'; latencyMs?: number; error?: string };
  jobs: ReturnType<JobsService['status']> & { status: 'ok' };
  /** the embedded default vector database */
  milvusLite: EmbeddedMilvusStatus;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly milvusLite: EmbeddedMilvusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(): Promise<HealthReport> {
    const database = await this.checkDatabase();
    return {
      status: database.status === 'ok' ? 'ok' : 'degraded',
      version: apiVersion(),
      uptimeSeconds: Math.round(process.uptime()),
      database,
      jobs: { status: 'ok', ...this.jobs.status() },
      milvusLite: this.milvusLite.status(),
    };
  }

  private async checkDatabase(): Promise<HealthReport['database']> {
    const driver = databaseDriver(this.config);
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', driver, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      return { status: 'down', driver, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

function apiVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
