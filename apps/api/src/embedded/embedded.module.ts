import { Module } from '@nestjs/common';
import { EmbeddedMilvusService } from './embedded-milvus.service';

@Module({ providers: [EmbeddedMilvusService], exports: [EmbeddedMilvusService] })
export class EmbeddedModule {}
