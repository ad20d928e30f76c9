import { appConfig, loadEnv } from './env';
import { assertKeysConfigured } from './plugins/auth';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/marketfleet';

describe('loadEnv', () => {
  test('only DATABASE_URL is required; everything else has a default', () => {
    const env = loadEnv({ DATABASE_URL });
    expect(env).toEqual({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_URL,
      QUEUE_PREFIX: 'marketfleet',
      CHART_MAX_BARS: 5000,
      CHART_CACHE_MAX_BYTES: 64 * 1024 * 1024,
      SLA_MINUTES_M15: 30,
      SLA_MINUTES_H1: 120,
      SLA_MINUTES_H4: 480,
      SLA_MINUTES_D1: 1440,
      SLA_MINUTES_W1: 10_080,
      SLA_MINUTES_OPTIONS: 240,
      OPTIONS_SESSION_EXPIRATIONS: 4,
      OPTIONS_CLOSE_EXPIRATIONS: 10,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      MARKETFLEET_STOP_WITH_PARENT: false,
      APP_API_KEYS: [],
      ADMIN_API_KEYS: [],
      RATE_LIMIT_APP_PER_MINUTE: 600,
      RATE_LIMIT_ADMIN_PER_MINUTE: 6000,
      CORS_ORIGINS: [],
      BODY_LIMIT_BYTES: 65_536,
      TRUST_PROXY: false,
      USER_REFRESH_WAIT_MS: 4_000,
      USER_REFRESH_NEW_SYMBOLS_PER_DAY: 10,
      HISTORY_DAYS_M15: 60,
      HISTORY_DAYS_H1: 730,
      HISTORY_DAYS_H4: 730,
      HISTORY_DAYS_D1: 3650,
      HISTORY_DAYS_W1: 3650,
    });
    expect(env.REDIS_URL).toBeUndefined();
  });

  test('numbers are coerced and an empty REDIS_URL means none', () => {
    const env = loadEnv({ DATABASE_URL, PORT: '8080', CHART_MAX_BARS: '100', SLA_MINUTES_D1: '60', REDIS_URL: '' });
    expect(env).toMatchObject({ PORT: 8080, CHART_MAX_BARS: 100, SLA_MINUTES_D1: 60 });
    expect(env.REDIS_URL).toBeUndefined();
    expect(loadEnv({ DATABASE_URL, REDIS_URL: 'redis://cache:6379/1' }).REDIS_URL).toBe('redis://cache:6379/1');
  });

  test.each([
    [{}, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL, PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL, CHART_MAX_BARS: '0' }, 'CHART_MAX_BARS'],
    [{ DATABASE_URL, CHART_CACHE_MAX_BYTES: '-1' }, 'CHART_CACHE_MAX_BYTES'],
    [{ DATABASE_URL, USER_REFRESH_NEW_SYMBOLS_PER_DAY: '-1' }, 'USER_REFRESH_NEW_SYMBOLS_PER_DAY'],
    [{ DATABASE_URL, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL, CORS_ORIGINS: 'https://ok.example.com,app.example.com' }, 'CORS_ORIGINS'],
    [{ DATABASE_URL, CORS_ORIGINS: 'https://app.example.com/path' }, 'CORS_ORIGINS'],
    [{ DATABASE_URL, BODY_LIMIT_BYTES: '-1' }, 'BODY_LIMIT_BYTES'],
    [{ DATABASE_URL, RATE_LIMIT_APP_PER_MINUTE: '0' }, 'RATE_LIMIT_APP_PER_MINUTE'],
    [{ DATABASE_URL, SLA_MINUTES_OPTIONS: '0' }, 'SLA_MINUTES_OPTIONS'],
    [{ DATABASE_URL, OPTIONS_CLOSE_EXPIRATIONS: '31' }, 'OPTIONS_CLOSE_EXPIRATIONS'],
  ])('%j is refused, naming %s', (src, name) => {
    expect(() => loadEnv(src)).toThrow(name);
  });
});

describe('API keys and the HTTP guards', () => {
  const app = 'a'.repeat(16);
  const admin = 'b'.repeat(40);

  test('key lists are comma-separated; blanks and empty entries are ignored', () => {
    const env = loadEnv({ DATABASE_URL, APP_API_KEYS: ` ${app}, ,`, ADMIN_API_KEYS: `${admin},,${app}x` });
    expect(env.APP_API_KEYS).toEqual([app]);
    expect(env.ADMIN_API_KEYS).toEqual([admin, `${app}x`]);
  });

  test('a short key is refused, naming the variable and not the key', () => {
    const attempt = () => loadEnv({ DATABASE_URL, ADMIN_API_KEYS: `${admin},short-key-123` });
    expect(attempt).toThrow('ADMIN_API_KEYS');
    expect(attempt).toThrow('at least 16 characters');
    expect(attempt).not.toThrow(/short-key-123|bbbb/);
  });

  test('no keys at all stops the api, naming both variables', () => {
    const config = appConfig(loadEnv({ DATABASE_URL, APP_API_KEYS: ',' }));
    expect(() => assertKeysConfigured(config.apiKeys)).toThrow(/APP_API_KEYS.*ADMIN_API_KEYS/);
    expect(() => assertKeysConfigured({ app: [], admin: [admin] })).not.toThrow();
  });

  test('CORS origins, trusted proxies and limits', () => {
    const env = loadEnv({
      DATABASE_URL,
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      BODY_LIMIT_BYTES: '1024',
      RATE_LIMIT_APP_PER_MINUTE: '60',
    });
    expect(env).toMatchObject({
      CORS_ORIGINS: ['https://app.example.com', 'http://localhost:5173'],
      TRUST_PROXY: ['10.0.0.0/8', '127.0.0.1'],
      BODY_LIMIT_BYTES: 1024,
      RATE_LIMIT_APP_PER_MINUTE: 60,
    });
    expect(loadEnv({ DATABASE_URL, CORS_ORIGINS: '*' }).CORS_ORIGINS).toEqual(['*']);
    expect(loadEnv({ DATABASE_URL, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ DATABASE_URL, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  });
});

test('appConfig maps the variables the app reads', () => {
  const env = loadEnv({
    DATABASE_URL, SLA_MINUTES_M15: '15', SLA_MINUTES_OPTIONS: '60', OPTIONS_SESSION_EXPIRATIONS: '3', APP_API_KEYS: 'c'.repeat(20),
    REDIS_URL: 'redis://cache:6379',
  });
  expect(appConfig(env)).toEqual({
    chartMaxBars: 5000,
    chartCacheMaxBytes: 64 * 1024 * 1024,
    policy: {
      slaMinutes: { m15: 15, h1: 120, h4: 480, d1: 1440, w1: 10_080 },
      historyDays: { m15: 60, h1: 730, h4: 730, d1: 3650, w1: 3650 },
      optionsSlaMinutes: 60,
    },
    apiKeys: { app: ['c'.repeat(20)], admin: [] },
    rateLimit: { appPerMinute: 600, adminPerMinute: 6000, redisUrl: 'redis://cache:6379', prefix: 'marketfleet', newSymbolsPerDay: 10 },
    corsOrigins: [],
    bodyLimitBytes: 65_536,
    trustProxy: false,
    userRefreshWaitMs: 4_000,
    options: { sessionExpirations: 3, closeExpirations: 10 },
  });
});
