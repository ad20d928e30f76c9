import { redactUrl, requestLogLevel } from './request-log';

describe('redactUrl', () => {
  test.each([
    ['/v1/chart?symbol=AAPL', '/v1/chart?symbol=AAPL'],
    ['/v1/chart', '/v1/chart'],
    ['/v1/alerts?apikey=s3cret', '/v1/alerts?apikey=[redacted]'],
    ['/v1/chart?symbol=AAPL&api_key=s3cret&timeframe=d1', '/v1/chart?symbol=AAPL&api_key=[redacted]&timeframe=d1'],
    ['/x?KEY=a&Token=b&ACCESS_TOKEN=c&secret=d&x-api-key=e', '/x?KEY=[redacted]&Token=[redacted]&ACCESS_TOKEN=[redacted]&secret=[redacted]&x-api-key=[redacted]'],
    // Encoded names, bracket suffixes and padding are the same parameter to a parser.
    ['/x?%61pikey=s3cret', '/x?%61pikey=[redacted]'],
    ['/x?apikey%5B%5D=s3cret&token[0]=t', '/x?apikey%5B%5D=[redacted]&token[0]=[redacted]'],
    ['/x?+apikey+=s3cret', '/x?+apikey+=[redacted]'],
    // A name that cannot be decoded cannot be judged: its value goes too.
    ['/x?%zzkey=s3cret&symbol=AAPL', '/x?%zzkey=[redacted]&symbol=AAPL'],
    // Names that merely contain a secret word are left alone.
    ['/x?monkey=1&tokens=2&keyboard=3', '/x?monkey=1&tokens=2&keyboard=3'],
    ['/x?apikey', '/x?apikey'],
  ])('%s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('requestLogLevel', () => {
  test.each([
    [200, '/v1/chart', 5, 'debug'],
    [304, '/v1/chart', 5, 'debug'],
    [200, '/v1/chart', 1_500, 'info'],
    [200, '/healthz', 5, 'trace'],
    [400, '/v1/chart', 5, 'warn'],
    [403, '/v1/admin/nightly', 5, 'warn'],
    [413, '/v1/user-refresh', 5, 'warn'],
    [401, '/v1/chart', 5, 'debug'],
    [404, '/nope', 5, 'debug'],
    [429, '/v1/chart', 5, 'debug'],
    [500, '/v1/chart', 5, 'error'],
    [503, '/readyz', 5, 'error'],
  ] as const)('%i on %s in %i ms: %s', (status, path, ms, level) => {
    expect(requestLogLevel(status, path, ms)).toBe(level);
  });
});
