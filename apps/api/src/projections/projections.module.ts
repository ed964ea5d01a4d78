import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionsModule } from '../connections/connections.module';
import { BlobRepository } from '../database/blob.repository';
import { JobsModule } from '../jobs/jobs.module';
import { ProjectionClusterEntity, ProjectionEntity } from './projection.entity';
import { ProjectionsController } from './projections.controller';
import { ProjectionsService } from './projections.service';
import { TransformService } from './transform.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProjectionEntity, ProjectionClusterEntity]), JobsModule, ConnectionsModule],
  controllers: [ProjectionsController],
  providers: [ProjectionsService, TransformService, BlobRepository],
  exports: [ProjectionsService],
})
export class ProjectionsModule {}
