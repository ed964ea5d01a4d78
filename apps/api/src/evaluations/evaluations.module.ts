import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionsModule } from '../connections/connections.module';
import { EvalSetsModule } from '../evalsets/evalsets.module';
import { JobsModule } from '../jobs/jobs.module';
import { EvaluationResultsRepository } from './evaluation-results.repository';
import { EvaluationEntity } from './evaluation.entity';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

@Module({
  imports: [TypeOrmModule.forFeature([EvaluationEntity]), JobsModule, ConnectionsModule, EvalSetsModule],
  controllers: [EvaluationsController],
  providers: [EvaluationsService, EvaluationResultsRepository],
  exports: [EvaluationsService],
})
export class EvaluationsModule {}
