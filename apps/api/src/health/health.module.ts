import { Module } from '@nestjs/common';
import { EmbeddedModule } from '../embedded/embedded.module';
import { JobsModule } from '../jobs/jobs.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [JobsModule, EmbeddedModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
