import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { databaseDriver } from './database/data-source-options';
import { DemoService } from './demo/demo.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host}:${port}/`;
  const demo = await app.get(DemoService).startOnBoot(url);
  new Logger('ragscope').log(`ragscope is running: open ${url} (data in ${config.dataDir}, ${databaseDriver(config)} database; ${demo})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('ragscope failed to start:', error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
});
