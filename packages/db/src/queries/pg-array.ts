/**
 * Builds a PostgreSQL array literal, so a whole column of a batch travels as one text
 * parameter (`$1::float8[]`) and is expanded server-side by `unnest`. One statement per
 * batch, whatever its size, is what keeps the bar write path set-based.
 */
export function pgArray(values: ReadonlyArray<string | number | null | undefined>): string {
  let plainNumbers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') plainNumbers = false;
    else if (!Number.isFinite(v)) throw new RangeError(`non-finite number in array at ${i}`);
  }
  // The hot case (prices, volumes, times): the engine's own join is several times faster.
  if (plainNumbers) return `{${values.join(',')}}`;
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = `"${v.replace(/["\\]/g, '\\$&')}"`;
  }
  return `{${parts.join(',')}}`;
}
