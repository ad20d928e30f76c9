const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

/** Renders one pino JSON line for a person watching `start`; other lines pass through. */
export function formatLogLine(app: string, line: string): string {
  const tag = app.padEnd(13);
  if (!line.startsWith('{')) return `${tag} ${line}`;
  try {
    const rec = JSON.parse(line) as Record<string, unknown>;
    const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString().slice(11, 19) : '';
    const level = LEVELS[rec.level as number] ?? String(rec.level ?? '');
    const extra = Object.entries(rec)
      .filter(([k]) => !OMIT.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${tag} ${time} ${level.padEnd(5)} ${String(rec.msg ?? '')}${extra ? `  ${extra}` : ''}`;
  } catch {
    return `${tag} ${line}`;
  }
}

/** Calls `onLine` for each complete line of a stream. */
export function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (p.trim() !== '') onLine(p);
  });
  stream.on('end', () => {
    if (rest.trim() !== '') onLine(rest);
  });
}
