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

type LevelAwareLogger = FastifyBaseLogger & LevelAware;

/**
 * A request's logger that becomes a real pino child only when a line is logged at an enabled
 * level. Making the child formats and redacts its bindings (the request id, the key id) at once,
 * a fixed cost on every request although most log nothing at the production level; the lines that
 * are logged carry the same bindings as before. A class, not closures: one is made per request.
 */
class LazyChild {
  private real: LevelAwareLogger | undefined;
  /** A route's logLevel arrives as the child's own level; otherwise the parent's applies, as it would to a child. */
  private readonly own: number | undefined;

  constructor(
    private readonly parent: LevelAwareLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {
    this.own = typeof opts.level === 'string' ? parent.levels.values[opts.level] : undefined;
  }

  private make(): LevelAwareLogger {
    return (this.real ??= this.parent.child(this.bindings, this.opts) as LevelAwareLogger);
  }

  at(level: Level, args: unknown[]): void {
    const enabled = this.real
      ? this.real.isLevelEnabled(level)
      : this.own !== undefined
        ? (this.parent.levels.values[level] ?? 0) >= this.own
        : this.parent.isLevelEnabled(level);
    if (enabled) (this.make()[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.real?.level ?? (typeof this.opts.level === 'string' ? this.opts.level : this.parent.level);
  }

  set level(level: string) {
    this.make().level = level;
  }

  silent() {}

  child(bindings: Bindings, opts?: ChildLoggerOptions): FastifyBaseLogger {
    return this.make().child(bindings, opts);
  }
}

// One method a level, each logging at its own: on the prototype, shared by every request's logger.
const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
for (const level of LEVELS) {
  (LazyChild.prototype as unknown as Record<Level, (...args: unknown[]) => void>)[level] = function (this: LazyChild, ...args: unknown[]) {
    this.at(level, args);
  };
}

/** The lazy child of `parent`; a logger without pino's level check gets its child at once. */
export function lazyChild(parent: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  if (!levelAware(parent)) return parent.child(bindings, opts);
  return new LazyChild(parent, bindings, opts) as unknown as FastifyBaseLogger;
}
