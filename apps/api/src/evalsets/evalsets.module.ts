import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { EvalQueriesRepository } from './eval-queries.repository';
import { EvalSetEntity } from './eval-set.entity';
import { FILE_FIELDS } from './eval-set-files';
import { EvalSetsController } from './evalsets.controller';
import { EvalSetsService } from './evalsets.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([EvalSetEntity]),
    // files are kept in memory (they are parsed, then stored as rows), each at most RAGSCOPE_MAX_BODY
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.RAGSCOPE_MAX_BODY, files: FILE_FIELDS.length, fields: 8, fieldSize: 64 * 1024 } }),
    }),
  ],
  controllers: [EvalSetsController],
  providers: [EvalSetsService, EvalQueriesRepository],
  exports: [EvalSetsService],
})
export class EvalSetsModule {}
