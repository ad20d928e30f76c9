import { parseDate, type CalendarDay } from '@marketfleet/market';
import { ProviderResponseError } from '../errors';
import { MalformedBodyError } from '../http/attempt';

/** Who answered, for errors that name the provider and keep the request id. */
export interface ParseContext {
  provider: string;
  requestId?: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
// session_open/session_close come as "0400"/"2000", without the colon.
const HHMM = /^([01]\d|2[0-3])([0-5]\d)$/;

function minutesOf(v: unknown, pattern: RegExp): number | null {
  const m = typeof v === 'string' ? pattern.exec(v) : null;
  return m === null ? null : Number(m[1]) * 60 + Number(m[2]);
}

/** Why a calendar entry cannot be trusted, or null. */
function entryProblem(e: Record<string, unknown>): string | null {
  if (typeof e.date !== 'string' || parseDate(e.date) === null) return 'date is not YYYY-MM-DD';
  const open = minutesOf(e.open, HH_MM);
  const close = minutesOf(e.close, HH_MM);
  if (open === null) return 'open is not HH:MM';
  if (close === null) return 'close is not HH:MM';
  if (close <= open) return `close ${String(e.close)} is not after open ${String(e.open)}`;
  // Optional and not stored, but a value in an unknown format means the payload changed under us.
  for (const key of ['session_open', 'session_close'] as const) {
    const v = e[key];
    if (v !== undefined && v !== null && minutesOf(v, HHMM) === null && minutesOf(v, HH_MM) === null) return `${key} is not HHMM`;
  }
  return null;
}

/**
 * Parses `GET /v2/calendar`: a bare array of trading days. A body that is not an array is
 * malformed (retried, like a truncated one); an entry that is an array element but makes no
 * sense fails the call at once, naming the entry, because a wrong calendar would turn holidays
 * into gaps or real sessions into closures. Days outside [from, to] are dropped.
 */
export function parseCalendar(text: string, window: { from: string; to: string }, ctx: ParseContext): CalendarDay[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new MalformedBodyError(`calendar body is not JSON (${text.length} bytes): ${(e as Error).message}`);
  }
  if (!Array.isArray(body)) throw new MalformedBodyError('calendar body is not an array');
  const days: CalendarDay[] = [];
  const seen = new Set<string>();
  body.forEach((entry: unknown, i) => {
    const problem =
      entry === null || typeof entry !== 'object' || Array.isArray(entry) ? 'not an object' : entryProblem(entry as Record<string, unknown>);
    const e = entry as { date: string; open: string; close: string };
    const fail = (why: string) =>
      new ProviderResponseError(ctx.provider, `calendar entry ${i} ${JSON.stringify(entry)?.slice(0, 200)}: ${why}`, { requestId: ctx.requestId });
    if (problem !== null) throw fail(problem);
    if (seen.has(e.date)) throw fail('date listed twice');
    seen.add(e.date);
    if (e.date >= window.from && e.date <= window.to) days.push({ date: e.date, open: e.open, close: e.close });
  });
  return days.sort((a, b) => (a.date < b.date ? -1 : 1));
}
