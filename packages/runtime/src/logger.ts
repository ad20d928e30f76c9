import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout, one logger per process; secrets never go into log fields. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, redact: ['*.secret', '*.password', '*.keyId', '*.authorization'] });
}
