import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { countOpenAlerts, listAlerts, raiseAlerts, resolveAlerts, resolveAlertsOfKind, type AlertInput } from './alerts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());
const db = () => t.database.db;

const alert = (key: string, over: Partial<AlertInput> = {}): AlertInput => ({
  key, kind: key.split(':')[0]!, severity: 'warning', message: `${key} seen`, ...over,
});

describe('alerts', () => {
  test('one open alert per key: raised, bumped, resolved, then opened anew', async () => {
    const [opened] = await raiseAlerts(db(), [alert('gap:AAPL:m15')]);
    expect(opened).toMatchObject({ key: 'gap:AAPL:m15', occurrences: 1, opened: true });
    const [bumped] = await raiseAlerts(db(), [alert('gap:AAPL:m15', { message: 'still there', detail: { sessions: 2 } })]);
    expect(bumped).toMatchObject({ id: opened!.id, occurrences: 2, opened: false });
    const [open] = await listAlerts(db());
    expect(open).toMatchObject({ key: 'gap:AAPL:m15', message: 'still there', detail: { sessions: 2 }, occurrences: 2, resolvedAt: null });

    expect(await resolveAlerts(db(), ['gap:AAPL:m15', 'gap:NONE:m15'])).toBe(1);
    expect(await listAlerts(db())).toEqual([]);
    const [again] = await raiseAlerts(db(), [alert('gap:AAPL:m15')]);
    expect(again).toMatchObject({ occurrences: 1, opened: true });
    expect(again!.id).not.toBe(opened!.id);
    expect((await listAlerts(db(), { all: true })).length).toBe(2);
  });

  test('resolving a kind keeps the keys still seen; counts are per severity', async () => {
    await raiseAlerts(db(), [
      alert('job-failing:a', { severity: 'critical' }),
      alert('job-failing:b', { severity: 'critical' }),
      alert('job-failing:b', { severity: 'critical' }),
    ]);
    expect(await countOpenAlerts(db())).toEqual(new Map([['critical', 2], ['warning', 1]]));
    expect(await resolveAlertsOfKind(db(), 'job-failing', ['job-failing:b'])).toBe(1);
    expect((await listAlerts(db())).map((a) => a.key).sort()).toEqual(['gap:AAPL:m15', 'job-failing:b']);
    expect(await resolveAlertsOfKind(db(), 'job-failing', [])).toBe(1);
  });
});
