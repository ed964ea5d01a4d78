import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export const PROTOBUF_MEDIA_TYPES = ['application/x-protobuf', 'application/protobuf'];

/**
 * Reads OTLP protobuf bodies as bytes. JSON bodies are already parsed by the api's JSON parser
 * (same RAGSCOPE_MAX_BODY limit, gzip inflated); both parsers inflate gzip/deflate and apply the
 * limit to the inflated size, so a small compressed body cannot expand past it (413).
 */
@Injectable()
export class OtlpBodyMiddleware implements NestMiddleware {
  private readonly parser: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.parser = raw({ type: PROTOBUF_MEDIA_TYPES, limit: config.RAGSCOPE_MAX_BODY });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.parser(req, res, next);
  }
}
