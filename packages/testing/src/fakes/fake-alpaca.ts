import { marketClock } from '@marketfleet/market';
import { simMarket } from '@marketfleet/providers/sim';
import { FakeBarData } from './fake-bar-data';
import { fakeServer, startFakeHttp, type FakeServer } from './fake-http';
import { FakeOptionData } from './fake-option-data';
import { FakeValidationError } from './fake-params';
import { createRouter } from './fake-router';
import { fakeRoutes } from './fake-routes';
import type { FakeAlpacaOptions, FakeRoute, FakeState } from './fake-types';

export type FakeAlpaca = FakeServer<FakeAlpacaOptions>;

/**
 * A local stand-in for Alpaca (alpaca-api.md §9): bars, option chains and corporate actions from the data host,
 * calendar and clock from the trading host, all on one server so a test passes its url as both.
 * Auth, strict validation, paging, per-key rate limits with Alpaca's headers, and injectable
 * faults apply to every route, over sim data. Extra routes are passed in or added to `fakeRoutes`.
 */
export async function startFakeAlpaca(opts: FakeAlpacaOptions = {}, extraRoutes: FakeRoute[] = []): Promise<FakeAlpaca> {
  const clock = opts.clock ?? marketClock;
  const seed = opts.seed ?? 1;
  const market = opts.market ?? simMarket(seed, { clock, splits: opts.splits });
  const options: FakeAlpacaOptions = { ...opts };
  const state: FakeState = { options, market, clock, data: new FakeBarData(market, clock, seed), optionData: new FakeOptionData(market, opts.optionListing) };
  const route = createRouter([...extraRoutes, ...fakeRoutes]);
  const keyOf = (req: { headers: Record<string, string | string[] | undefined> }) => String(req.headers['apca-api-key-id'] ?? '');

  const http = await startFakeHttp({
    options,
    defaultRequestsPerMinute: 10_000,
    rateKey: keyOf,
    headers: (id, w) => ({
      'X-Request-ID': `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`,
      'X-RateLimit-Limit': String(w.limit),
      'X-RateLimit-Remaining': String(Math.max(0, w.limit - w.count)),
      'X-RateLimit-Reset': String(Math.ceil((w.start + w.windowMs) / 1000)),
    }),
    authenticate(req) {
      if (options.authMode === 'unauthorized') return { status: 401, body: '{"code":40110000,"message":"request is not authorized"}' };
      const secret = String(req.headers['apca-api-secret-key'] ?? '');
      if (keyOf(req) !== (options.keyId ?? 'test-key') || secret !== (options.secret ?? 'test-secret')) {
        return { status: 403, body: '{"message":"forbidden."}' };
      }
      return null;
    },
    rateLimited: () => ({ status: 429, body: '{"message":"too many requests."}' }),
    fault: (status, message) => ({ status, body: JSON.stringify({ message: message ?? 'internal server error' }) }),
    handle(req, url) {
      const matched = route(req.method ?? 'GET', url.pathname);
      if (matched === null) return { status: 404, body: '{"message":"not found"}' };
      const now = (options.now ?? (() => new Date()))().getTime();
      try {
        const result = matched.route.handler({ params: matched.params, query: url.searchParams, state, now });
        return { status: result.status, body: result.json, barsServed: result.barsServed, routeName: matched.route.path };
      } catch (err) {
        if (!(err instanceof FakeValidationError)) throw err;
        const body = options.validationStatus === 422 ? { code: 42210000, message: err.message } : { message: err.message };
        return { status: options.validationStatus ?? 400, body: JSON.stringify(body), routeName: matched.route.path };
      }
    },
  });
  return fakeServer(http, options);
}
