import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionsModule } from '../connections/connections.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { OtlpBodyMiddleware } from './otlp-body.middleware';
import { RetrievalEventEntity } from './retrieval-event.entity';
import { RetrievalEventsRepository } from './retrieval-events.repository';
import { TraceSpanEntity } from './trace-span.entity';
import { TracesController } from './traces.controller';
import { TracesService } from './traces.service';

/** OTLP span ingestion (POST /v1/traces) and the retrieval events read from it (/api/events). */
@Module({
  imports: [TypeOrmModule.forFeature([RetrievalEventEntity, TraceSpanEntity]), ConnectionsModule],
  controllers: [TracesController, EventsController],
  providers: [TracesService, EventsService, RetrievalEventsRepository],
  exports: [EventsService],
})
export class TracesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OtlpBodyMiddleware).forRoutes({ path: 'v1/traces', method: RequestMethod.POST });
  }
}
