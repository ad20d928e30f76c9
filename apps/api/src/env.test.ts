import { appConfig, loadEnv } from './env';

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
      SLA_MINUTES_M15: 30,
      SLA_MINUTES_H1: 120,
      SLA_MINUTES_H4: 480,
      SLA_MINUTES_D1: 1440,
      SLA_MINUTES_W1: 10_080,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
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
    [{ DATABASE_URL, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('%j is refused, naming %s', (src, name) => {
    expect(() => loadEnv(src)).toThrow(name);
  });
});

test('appConfig maps the SLA variables per timeframe', () => {
  expect(appConfig(loadEnv({ DATABASE_URL, SLA_MINUTES_M15: '15' }))).toEqual({
    chartMaxBars: 5000,
    slaMinutes: { m15: 15, h1: 120, h4: 480, d1: 1440, w1: 10_080 },
  });
});
