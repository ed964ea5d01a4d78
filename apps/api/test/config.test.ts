import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config';

describe('configuration', () => {
  it('has embedded defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8700);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.RAGSCOPE_MAX_BODY).toBe(16 * 1024 * 1024);
    expect(config.RAGSCOPE_DEMO).toBe(true);
  });

  it('parses sizes and flags', () => {
    const config = loadConfig({ RAGSCOPE_MAX_BODY: '512kb', RAGSCOPE_DEMO: '0', PORT: '9000' });
    expect(config.RAGSCOPE_MAX_BODY).toBe(512 * 1024);
    expect(config.RAGSCOPE_DEMO).toBe(false);
    expect(config.PORT).toBe(9000);
  });

  it('names every wrong setting and hides secret values', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://user:hunter2@db/x', RAGSCOPE_MAX_BODY: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('only postgres://');
    expect(message).toContain('RAGSCOPE_MAX_BODY="lots"');
    expect(message).not.toContain('hunter2');
  });
});
