import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What a pino logger offers beyond Fastify's minimum: the lazy child needs its level check. */
interface LevelAware {
  isLevelEnabled(level: string): boolean;
  levels: { values: Record<string, number> };
}

const levelAware = (logger: FastifyBaseLogger): logger is FastifyBaseLogger & LevelAware =>
  typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function' && (logger as Partial<LevelAware>).levels !== undefined;

/**
 * A request's logger that becomes a real pino child only when a line is logged at an enabled
 * level. Making the child formats and redacts its bindings (the request id, the key id) at once,
 * a fixed cost on every request although most log nothing at the production level; the lines that
 * are logged carry the same bindings as before. A logger without pino's level check gets the
 * child at once.
 */
export function lazyChild(parent: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  if (!levelAware(parent)) return parent.child(bindings, opts);
  let real: FastifyBaseLogger | undefined;
  const make = () => (real ??= parent.child(bindings, opts));
  // A route's logLevel arrives as the child's own level; otherwise the parent's applies, as it would to a child.
  const own = typeof opts.level === 'string' ? parent.levels.values[opts.level] : undefined;
  const enabled = (level: Level) => {
    if (real) return (real as FastifyBaseLogger & LevelAware).isLevelEnabled(level);
    return own !== undefined ? (parent.levels.values[level] ?? 0) >= own : parent.isLevelEnabled(level);
  };
  const logAt = (level: Level): FastifyBaseLogger[Level] =>
    function (this: unknown, ...args: Parameters<FastifyBaseLogger[Level]>) {
      if (enabled(level)) (make()[level] as (...a: unknown[]) => void)(...args);
    } as FastifyBaseLogger[Level];
  return {
    get level() {
      return real?.level ?? (typeof opts.level === 'string' ? opts.level : parent.level);
    },
    set level(level: string) {
      make().level = level;
    },
    fatal: logAt('fatal'),
    error: logAt('error'),
    warn: logAt('warn'),
    info: logAt('info'),
    debug: logAt('debug'),
    trace: logAt('trace'),
    silent: () => {},
    child: (b: Bindings, o?: ChildLoggerOptions) => make().child(b, o),
  };
}
