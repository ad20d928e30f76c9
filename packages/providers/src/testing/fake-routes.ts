import { barsRoutes } from './fake-bars-route';
import type { FakeRoute } from './fake-types';

/** Every route the fake serves. New endpoints (calendar, clock, corporate actions…) go here. */
export const fakeRoutes: FakeRoute[] = [...barsRoutes];
