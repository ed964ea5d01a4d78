import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { OpenAiEmbedder, type Embedder, type EmbeddingResult } from '@ragscope/retrieval';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

/** The server-wide embedder (RAGSCOPE_EMBEDDER_*): turns query texts into vectors where none were sent. */
@Injectable()
export class EmbedderService {
  private embedder?: Embedder;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configured(): boolean {
    return Boolean(this.config.RAGSCOPE_EMBEDDER_URL && this.config.RAGSCOPE_EMBEDDER_MODEL);
  }

  embed(texts: string[]): Promise<EmbeddingResult> {
    if (!this.configured()) {
      throw new BadRequestException('no embedder is configured: set RAGSCOPE_EMBEDDER_URL and RAGSCOPE_EMBEDDER_MODEL (any OpenAI-compatible /v1 endpoint), or send vectors');
    }
    this.embedder ??= new OpenAiEmbedder({
      baseUrl: this.config.RAGSCOPE_EMBEDDER_URL!,
      model: this.config.RAGSCOPE_EMBEDDER_MODEL!,
      ...(this.config.RAGSCOPE_EMBEDDER_API_KEY ? { apiKey: this.config.RAGSCOPE_EMBEDDER_API_KEY } : {}),
    });
    return this.embedder.embed(texts);
  }
}
