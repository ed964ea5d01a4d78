import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { ConnectionsModule } from './connections/connections.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EmbeddedModule } from './embedded/embedded.module';
import { EvalSetsModule } from './evalsets/evalsets.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { ProjectionsModule } from './projections/projections.module';
import { TracesModule } from './traces/traces.module';
import { viewerDir } from './viewer/viewer-dir';
import { ViewerMissingController } from './viewer/viewer-missing.controller';

/** Paths the api owns; everything else may be the single-page viewer. */
export const API_PATHS = ['/api/{*path}', '/v1/{*path}'];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const viewer = viewerDir(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        CryptoModule,
        JobsModule,
        EmbeddedModule,
        HealthModule,
        ConnectionsModule,
        ProjectionsModule,
        EvalSetsModule,
        EvaluationsModule,
        TracesModule,
        DemoModule,
        ...(viewer ? [ServeStaticModule.forRoot({ rootPath: viewer, exclude: API_PATHS })] : []),
      ],
      controllers: viewer ? [] : [ViewerMissingController],
    };
  }
}
