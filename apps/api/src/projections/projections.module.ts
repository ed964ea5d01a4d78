import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionsModule } from '../connections/connections.module';
import { BlobRepository } from '../database/blob.repository';
import { EmbedderModule } from '../embedder/embedder.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { JobsModule } from '../jobs/jobs.module';
import { TracesModule } from '../traces/traces.module';
import { ProjectionClusterEntity, ProjectionEntity } from './projection.entity';
import { ProjectionsController } from './projections.controller';
import { ProjectionsService } from './projections.service';
import { PointColumnsService } from './point-columns.service';
import { QueryOverlayService } from './query-overlay.service';
import { TransformService } from './transform.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProjectionEntity, ProjectionClusterEntity]), JobsModule, ConnectionsModule, TracesModule, EmbedderModule, EvaluationsModule],
  controllers: [ProjectionsController],
  providers: [ProjectionsService, TransformService, QueryOverlayService, PointColumnsService, BlobRepository],
  exports: [ProjectionsService],
})
export class ProjectionsModule {}
