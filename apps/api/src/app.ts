import 'reflect-metadata';
import { RequestMethod, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ErrorEnvelopeFilter } from './common/error-envelope.filter';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/config';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the whole service; main.ts listens on it, tests call it with their own configuration. */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const logLevels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger === false ? false : logLevels,
    bodyParser: false,
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: config.RAGSCOPE_MAX_BODY });
  app.useBodyParser('urlencoded', { limit: config.RAGSCOPE_MAX_BODY, extended: true });
  app.setGlobalPrefix('api', { exclude: [{ path: 'v1/{*path}', method: RequestMethod.ALL }, { path: '/', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.enableShutdownHooks();
  mountOpenApi(app);
  return app;
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ragscope')
    .setDescription('RAG diagnostics: vector-database connections, embedding maps, retrieval spans, evaluation reports.')
    .setVersion('0.1.0')
    .build();
  return SwaggerModule.createDocument(app, config);
}

function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'api/openapi.json',
    useGlobalPrefix: false,
  });
}
