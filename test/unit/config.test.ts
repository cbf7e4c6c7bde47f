import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000 and a SQLite file under ./data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'sqlite', filename: path.resolve('data/flowlane.db') });
    expect(config.publicUrl).toBeUndefined();
  });

  it('reads postgres and sqlite URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://root@127.0.0.1/test' }).database).toMatchObject({
      kind: 'postgres',
      url: 'postgres://root@127.0.0.1/test',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({
      kind: 'sqlite',
      filename: '/tmp/x.db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({
      kind: 'sqlite',
      filename: ':memory:',
    });
  });

  it('lists every problem at once with a clear message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with/);
    expect(problems.join('\n')).toMatch(/PUBLIC_URL must be an absolute http/);
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be an integer from 0 to 65535/);
  });

  it('normalises PUBLIC_URL without a trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://flow.example.com/' }).publicUrl).toBe(
      'https://flow.example.com',
    );
  });
});
