import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'expected a size such as 16mb, 512kb or 1048576')
  .transform((v) => {
    const [, num, unit = 'b'] = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v)!;
    const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit.toLowerCase() as 'b'];
    return Math.round(Number(num) * factor);
  });

/**
 * Every setting the service reads, with its default. The README's configuration table is
 * written from this list; keep them together.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8700),
  HOST: z.string().min(1).default('127.0.0.1'),
  RAGSCOPE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'only postgres://… URLs are supported (leave it unset for the embedded SQLite database)')
    .optional(),
  RAGSCOPE_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'expected 32 random bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  RAGSCOPE_VIEWER_DIR: z.string().optional(),
  RAGSCOPE_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  RAGSCOPE_MAX_BODY: byteSize.default(16 * 1024 * 1024),
  RAGSCOPE_DEMO: booleanFlag.default(true),
  RAGSCOPE_MILVUS_LITE: booleanFlag.default(true),
  RAGSCOPE_PYTHON: z.string().min(1).optional(),
  RAGSCOPE_MILVUS_LITE_PORT: z.coerce.number().int().min(0).max(65_535).default(19_530),
  RAGSCOPE_EMBEDDER_URL: z.string().regex(/^https?:\/\//, 'expected an http(s):// base URL such as http://localhost:11434/v1').optional(),
  RAGSCOPE_EMBEDDER_MODEL: z.string().min(1).optional(),
  RAGSCOPE_EMBEDDER_API_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type AppConfig = z.output<typeof configSchema> & {
  /** RAGSCOPE_DATA_DIR made absolute */
  dataDir: string;
};

export class ConfigError extends Error {}

/** Reads the configuration from the environment; a wrong setting is reported by name and stops start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      return `  ${name}=${JSON.stringify(name.includes('KEY') || name.includes('URL') ? '…' : value)}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.RAGSCOPE_DATA_DIR) };
}
