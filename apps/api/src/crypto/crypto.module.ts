import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { SecretBox } from './secret-box';

/**
 * RAGSCOPE_SECRET_KEY when set; otherwise a key generated on first start and kept in the data
 * dir (readable by the owner only). Losing that file makes stored credentials unreadable: the
 * connections then ask for them again.
 */
export function loadSecretKey(config: Pick<AppConfig, 'RAGSCOPE_SECRET_KEY' | 'dataDir' | 'DATABASE_URL'>): Buffer {
  if (config.RAGSCOPE_SECRET_KEY) {
    const key = Buffer.from(config.RAGSCOPE_SECRET_KEY, 'base64');
    if (key.length !== 32) throw new Error(`RAGSCOPE_SECRET_KEY must decode to 32 bytes, it decodes to ${key.length}`);
    return key;
  }
  const file = join(config.dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (config.DATABASE_URL) {
    new Logger('Crypto').warn(`RAGSCOPE_SECRET_KEY is not set: generating ${file}; every api instance sharing this database needs the same key`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(loadSecretKey(config)) }],
  exports: [SecretBox],
})
export class CryptoModule {}
