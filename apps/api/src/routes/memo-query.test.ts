import { z } from 'zod';
import { memoizedQueryValidator } from './memo-query';

describe('memoizedQueryValidator', () => {
  let parses = 0;
  const schema = z.object({
    symbol: z.string().regex(/^[A-Z]+$/),
    start: z.iso.date().transform((s) => {
      parses++;
      return new Date(s);
    }).optional(),
  });
  const compile = (httpPart: string) =>
    memoizedQueryValidator({ schema, method: 'GET', url: '/x', httpPart }) as (data: unknown) => { value?: unknown; error?: unknown };

  test('a query accepted once is not parsed again; its value is shared and frozen', () => {
    const validate = compile('querystring');
    parses = 0;
    const a = validate({ symbol: 'AAPL', start: '2024-01-02' });
    const b = validate({ symbol: 'AAPL', start: '2024-01-02' });
    expect(parses).toBe(1);
    expect(b.value).toBe(a.value);
    expect(a.value).toEqual({ symbol: 'AAPL', start: new Date('2024-01-02') });
    expect(Object.isFrozen(a.value)).toBe(true);
    validate({ symbol: 'MSFT', start: '2024-01-02' });
    expect(parses).toBe(2);
  });

  test('a refused query is refused every time, with the field named', () => {
    const validate = compile('querystring');
    for (let i = 0; i < 2; i++) {
      const r = validate({ symbol: 'aapl!' });
      expect(r.value).toBeUndefined();
      expect(JSON.stringify(r.error)).toContain('symbol');
    }
  });

  test('other parts (a body) are validated every time', () => {
    const validate = compile('body');
    parses = 0;
    validate({ symbol: 'AAPL', start: '2024-01-02' });
    validate({ symbol: 'AAPL', start: '2024-01-02' });
    expect(parses).toBe(2);
  });
});
