/**
 * The postgres-js driver hands drizzle's raw `execute` results timestamps as text
 * (`2024-01-02 14:30:00+00`), so raw queries convert them here.
 */
export function toDate(value: string | Date): Date;
export function toDate(value: string | Date | null): Date | null;
export function toDate(value: string | Date | null): Date | null {
  if (value === null || value instanceof Date) return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`unparseable timestamp from PostgreSQL: ${value}`);
  return d;
}
