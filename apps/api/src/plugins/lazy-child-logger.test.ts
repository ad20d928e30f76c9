import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { lazyChild } from './lazy-child-logger';

function logger(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const root = pino({ level, redact: { paths: ['*.secret'], censor: '[redacted]' } }, sink);
  let children = 0;
  // Children inherit from their parent, this override included: it must keep `this`.
  const child = root.child;
  root.child = function (this: typeof root, ...args: Parameters<typeof child>) {
    children++;
    return child.apply(this, args);
  } as typeof root.child;
  return { root: root as unknown as FastifyBaseLogger, lines, children: () => children };
}

describe('lazyChild', () => {
  test('makes no child while nothing is logged at an enabled level', () => {
    const l = logger('warn');
    const log = lazyChild(l.root, { reqId: 'r1' }, {});
    log.info('not shown');
    log.debug({ a: 1 }, 'not shown');
    expect(l.children()).toBe(0);
    expect(l.lines).toEqual([]);
    expect(log.level).toBe('warn');
  });

  test('a line at an enabled level carries the bindings, redacted as a child would', async () => {
    const l = logger('info');
    const log = lazyChild(l.root, { reqId: 'r2', apiKeyId: 'abcd1234', extra: { secret: 's3cret' } }, {});
    log.info({ n: 1 }, 'one');
    log.error('two');
    await new Promise((r) => setImmediate(r));
    expect(l.children()).toBe(1);
    expect(l.lines.map((x) => [x.msg, x.reqId, x.apiKeyId, x.extra])).toEqual([
      ['one', 'r2', 'abcd1234', { secret: '[redacted]' }],
      ['two', 'r2', 'abcd1234', { secret: '[redacted]' }],
    ]);
  });

  test("a route's own level (logLevel) decides, above or below the parent's", async () => {
    const l = logger('warn');
    const chatty = lazyChild(l.root, { reqId: 'r3' }, { level: 'debug' });
    const quiet = lazyChild(l.root, { reqId: 'r4' }, { level: 'error' });
    chatty.debug('shown');
    quiet.warn('not shown');
    await new Promise((r) => setImmediate(r));
    expect(l.lines.map((x) => [x.msg, x.reqId])).toEqual([['shown', 'r3']]);
    expect([chatty.level, quiet.level]).toEqual(['debug', 'error']);
  });

  test('child() of the lazy logger is a real child with both sets of bindings', async () => {
    const l = logger('info');
    lazyChild(l.root, { reqId: 'r5' }, {}).child({ part: 'x' }).info('nested');
    await new Promise((r) => setImmediate(r));
    expect(l.lines.map((x) => [x.msg, x.reqId, x.part])).toEqual([['nested', 'r5', 'x']]);
  });
});
