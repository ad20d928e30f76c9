import { marketClock } from '@marketfleet/market';
import { date, parse, required, UsageError } from '../args';

/** `calendar --from --to [--json]`: one session per line (date, open, close in UTC), or JSON. */
export function calendar(argv: string[]): void {
  const v = parse(argv, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
  const from = date(required(v.from, 'from'), 'from');
  const to = date(required(v.to, 'to'), 'to');
  if (from > to) throw new UsageError('--from must not be after --to');
  const sessions = marketClock.sessionsBetween(from, to).map((s) => ({
    date: s.date,
    open: s.open.toISOString(),
    close: s.close.toISOString(),
  }));
  if (v.json) console.log(JSON.stringify(sessions, null, 2));
  else for (const s of sessions) console.log(`${s.date} ${s.open} ${s.close}`);
}
