import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { startMilvusLite, type MilvusLiteServer } from '@ragscope/services';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export type EmbeddedMilvusStatus =
  | { status: 'disabled' }
  | { status: 'starting' }
  | { status: 'ok'; address: string; dataDir: string }
  | { status: 'unavailable'; error: string };

/**
 * The embedded default vector database: Milvus Lite started beside the api, data under
 * RAGSCOPE_DATA_DIR/milvus. When it cannot start (not installed, port taken) the api still
 * serves everything else and says why in /api/health.
 */
@Injectable()
export class EmbeddedMilvusService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MilvusLite');
  private server?: MilvusLiteServer;
  private state: EmbeddedMilvusStatus;
  private started?: Promise<EmbeddedMilvusStatus>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.state = config.RAGSCOPE_MILVUS_LITE ? { status: 'starting' } : { status: 'disabled' };
  }

  onApplicationBootstrap(): void {
    if (this.config.RAGSCOPE_MILVUS_LITE) this.started = this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started;
    await this.server?.stop();
  }

  status(): EmbeddedMilvusStatus {
    return this.state;
  }

  /** Resolves once Milvus Lite is up (or has failed to start). */
  ready(): Promise<EmbeddedMilvusStatus> {
    return this.started ?? Promise.resolve(this.state);
  }

  private async start(): Promise<EmbeddedMilvusStatus> {
    const dataDir = join(this.config.dataDir, 'milvus');
    try {
      this.server = await startMilvusLite({
        dataDir,
        port: this.config.RAGSCOPE_MILVUS_LITE_PORT || undefined,
        python: this.config.RAGSCOPE_PYTHON,
      });
      this.state = { status: 'ok', address: this.server.address, dataDir };
      this.logger.log(`Milvus Lite is running at ${this.server.address} (data in ${dataDir})`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.state = { status: 'unavailable', error: message };
      this.logger.warn(`the embedded Milvus Lite did not start: ${message}`);
    }
    return this.state;
  }
}
