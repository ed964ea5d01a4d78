import { Module } from '@nestjs/common';
import { EmbeddedModule } from '../embedded/embedded.module';
import { JobsModule } from '../jobs/jobs.module';
import { DemoController } from './demo.controller';
import { DemoService } from './demo.service';

@Module({ imports: [JobsModule, EmbeddedModule], controllers: [DemoController], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
