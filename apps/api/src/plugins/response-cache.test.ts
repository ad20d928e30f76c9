import fc from 'fast-check';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseCache, type Entry } from './response-cache';

const tags = { symbol: 'AAPL', symbolId: 1, timeframe: 'd1' };
let caches: ResponseCache[] = [];
const make = (maxBytes: number, ttlMs = 15_000) => {
  const c = new ResponseCache({ ttlMs, maxBytes });
  caches.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(caches.map((c) => c.close()));
  caches = [];
});

/** Sends an entry as a client accepting `encoding` would ask for it, through a stand-in reply. */
function send(cache: ResponseCache, e: Entry, encoding: string): void {
  const reply = { header: () => reply, code: () => reply, type: () => reply, send: () => reply } as unknown as FastifyReply;
  cache.send({ headers: { 'accept-encoding': encoding } } as FastifyRequest, reply, e);
}

/** A JSON-ish body of about `n` bytes that compresses, as chart bodies do. */
const body = (n: number, seed: number) => JSON.stringify({ bars: Array.from({ length: Math.ceil(n / 40) }, (_, i) => ({ ts: seed + i, close: (seed * i) % 997 })) });

describe('ResponseCache bound', () => {
  test('bytes, compressed variants included, never exceed the bound under any mix of writes, reads and compressions', () => {
    const maxBytes = 64 * 1024;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ key: fc.integer({ min: 0, max: 300 }), size: fc.integer({ min: 0, max: 30_000 }), read: fc.boolean(), encoding: fc.constantFrom('', 'gzip', 'br', 'br, gzip') }),
          { minLength: 50, maxLength: 400 },
        ),
        (ops) => {
          const cache = make(maxBytes);
          for (const op of ops) {
            const e = (op.read && cache.get(`k${op.key}`)) || cache.set(`k${op.key}`, body(op.size, op.key), tags);
            send(cache, e, op.encoding);
            expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
          }
          void cache.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  test('what it counts is what it holds: bodies, variants and keys', () => {
    const cache = make(1024 * 1024);
    const e = cache.set('a', body(5_000, 1), tags);
    const before = cache.stats().bytes;
    expect(before).toBeGreaterThan(e.body.length);
    send(cache, e, 'br');
    send(cache, e, 'gzip');
    expect(cache.stats().bytes).toBe(before + e.br!.length + e.gzip!.length);
    cache.set('a', body(10, 1), tags);
    expect(cache.stats()).toMatchObject({ entries: 1 });
    expect(cache.stats().bytes).toBeLessThan(before);
  });

  test('least recently used goes first; a response larger than the bound is served, never kept', () => {
    // Room for three 10,000-byte bodies with their keys and overhead, not four.
    const cache = make(31_000);
    const fill = (k: string) => cache.set(k, 'x'.repeat(10_000), tags);
    for (const k of ['a', 'b', 'c']) fill(k);
    expect(cache.stats().entries).toBe(3);
    expect(cache.get('a')).toBeDefined();
    fill('d');
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([true, false, true, true]);
    const huge = cache.set('e', 'x'.repeat(40_000), tags);
    expect(huge.body.length).toBe(40_000);
    expect(cache.get('e')).toBeUndefined();
    expect(cache.stats().entries).toBe(3);
  });

  test('expired entries are swept without being read', () => {
    const cache = make(1024 * 1024, 1_000);
    cache.set('a', body(1_000, 1), tags);
    cache.set('b', body(1_000, 2), tags);
    cache.sweep(Date.now() + 999);
    expect(cache.stats().entries).toBe(2);
    cache.sweep(Date.now() + 1_001);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});

describe('ResponseCache subscription', () => {
  test('closed before its subscription stands: the late unlisten, failing on a database closed meanwhile, rejects nothing', async () => {
    let stand!: () => void;
    const unlisten = jest.fn(() => Promise.reject(new Error('write CONNECTION_ENDED')));
    const database = {
      sql: { listen: () => new Promise((resolve) => (stand = () => resolve({ unlisten }))) },
    } as unknown as Parameters<ResponseCache['listen']>[0];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const cache = make(1024);
      cache.listen(database, () => {});
      await cache.close();
      stand();
      await new Promise((r) => setTimeout(r, 20));
      expect(unlisten).toHaveBeenCalledTimes(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
