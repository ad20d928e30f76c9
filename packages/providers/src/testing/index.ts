export { startFakeAlpaca, type FakeAlpaca } from './fake-alpaca';
export type { FakeAlpacaOptions, FakeFault, FakeRoute, FakeStats, RouteContext, RouteResult, FakeState } from './fake-types';
export type { FakeBadBar } from './fake-bars-route';
export { FakeValidationError } from './fake-params';
export { fakeRoutes } from './fake-routes';
