import { barsRoutes } from './fake-bars-route';
import { calendarRoutes } from './fake-calendar-routes';
import { corporateActionsRoutes } from './fake-corporate-actions-route';
import { optionSnapshotsRoutes } from './fake-option-snapshots-route';
import type { FakeRoute } from './fake-types';

/** Every route the fake Alpaca serves, data and trading host alike. New endpoints go here. */
export const fakeRoutes: FakeRoute[] = [...barsRoutes, ...optionSnapshotsRoutes, ...corporateActionsRoutes, ...calendarRoutes];
