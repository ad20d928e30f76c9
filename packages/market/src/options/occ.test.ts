import { assertOcc, formatOcc, parseOcc, strikeMilli, type OccContract } from './occ';

const ok = (s: string): OccContract => {
  const r = parseOcc(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const error = (s: string): string => {
  const r = parseOcc(s);
  if (r.ok) throw new Error(`parsed ${s}`);
  return r.error;
};

describe('parseOcc', () => {
  it('reads the brief’s examples', () => {
    expect(ok('AAPL240119C00190000')).toEqual({ root: 'AAPL', expiry: '2024-01-19', side: 'call', strike: 190 });
    expect(ok('AAPL1240119P00002500')).toEqual({ root: 'AAPL1', expiry: '2024-01-19', side: 'put', strike: 2.5 });
  });

  it.each([
    ['F240621C00012000', { root: 'F', expiry: '2024-06-21', side: 'call', strike: 12 }],
    ['GOOGL260116P01234500', { root: 'GOOGL', expiry: '2026-01-16', side: 'put', strike: 1234.5 }],
    ['BRKB12250620C99999999', { root: 'BRKB12', expiry: '2025-06-20', side: 'call', strike: 99999.999 }],
    ['CSGP1251017P00001000', { root: 'CSGP1', expiry: '2025-10-17', side: 'put', strike: 1 }],
    ['SPX240229C00000001', { root: 'SPX', expiry: '2024-02-29', side: 'call', strike: 0.001 }],
    ['AAPL  240119C00190000', { root: 'AAPL', expiry: '2024-01-19', side: 'call', strike: 190 }],
  ])('%s', (s, want) => {
    expect(ok(s)).toEqual(want);
  });

  it.each([
    ['', /16–21 characters.*got 0:/],
    ['AAPL240119C0019000', /strike must be 8 digits \(strike × 1000\), got 'C0019000'/],
    ['240119C00190000', /16–21 characters.*got 15:/],
    ['ABCDEFG240119C00190000', /16–21 characters.*got 22:/],
    ['aapl240119c00190000', /upper case/],
    ['AAPL240119c00190000', /upper case/],
    ['1AAP240119C00190000', /root '1AAP' must be 1–6 characters: a letter/],
    ['AA-L240119C00190000', /root 'AA-L'/],
    ['AAPL241319C00190000', /month 13 is not 01–12/],
    ['AAPL240019C00190000', /month 00 is not 01–12/],
    ['AAPL240230C00190000', /day 30 does not exist in 2024-02/],
    ['AAPL230229C00190000', /day 29 does not exist in 2023-02/],
    ['AAPL240100C00190000', /day 00 does not exist/],
    ['AAPL24O119C00190000', /expiry must be 6 digits yymmdd, got '24O119'/],
    ['AAPL240119X00190000', /option type must be C or P, got 'X'/],
    ['AAPL240119C0019000A', /strike must be 8 digits/],
    ['AAPL240119C00000000', /strike must be positive/],
    ['AAPL 240119C00190000', /space-padded root must fill 6 columns/],
    ['AA PL 240119C00190000', /root 'AA PL'/],
  ])('rejects %j', (s, msg) => {
    expect(error(s)).toMatch(msg);
  });

  it('never throws on junk', () => {
    for (const junk of [undefined, null, 42, {}, 'AAPL240119C00190000\n', '\u0000'.repeat(18)]) {
      expect(parseOcc(junk as unknown as string).ok).toBe(false);
    }
  });

  it('the asserting variant throws RangeError with the reason', () => {
    expect(assertOcc('AAPL240119C00190000').strike).toBe(190);
    expect(() => assertOcc('AAPL240230C00190000')).toThrow(/invalid OCC symbol: expiry day 30/);
  });
});

describe('formatOcc', () => {
  it('writes compact and padded forms', () => {
    const c: OccContract = { root: 'AAPL', expiry: '2024-01-19', side: 'call', strike: 190 };
    expect(formatOcc(c)).toBe('AAPL240119C00190000');
    expect(formatOcc(c, { padded: true })).toBe('AAPL  240119C00190000');
    expect(formatOcc({ root: 'AAPL1', expiry: '2024-01-19', side: 'put', strike: 2.5 })).toBe('AAPL1240119P00002500');
  });

  it('absorbs binary noise in strikes but rejects sub-mill fractions', () => {
    expect(strikeMilli(0.1 + 0.2)).toBe(300);
    expect(strikeMilli(190.0005)).toBeNull();
    expect(strikeMilli(0)).toBeNull();
    expect(strikeMilli(100_000)).toBeNull();
    expect(() => formatOcc({ root: 'AAPL', expiry: '2024-01-19', side: 'call', strike: 1.0001 })).toThrow(RangeError);
    expect(() => formatOcc({ root: 'AAPL', expiry: '2024-02-30', side: 'call', strike: 1 })).toThrow(/real date/);
    expect(() => formatOcc({ root: 'AAPL', expiry: '1999-12-17', side: 'call', strike: 1 })).toThrow(/2000–2099/);
    expect(() => formatOcc({ root: 'toolong', expiry: '2024-01-19', side: 'call', strike: 1 })).toThrow(/root/);
  });

  it('round-trips: format(parse(s)) = s and parse(format(c)) = c', () => {
    // A small deterministic generator keeps the property test reproducible without a library.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const alnum = letters + '0123456789';
    for (let i = 0; i < 2000; i++) {
      let root = letters[rand(26)]!;
      for (let j = rand(6); j > 0; j--) root += alnum[rand(36)];
      const y = 2000 + rand(100);
      const m = 1 + rand(12);
      const d = 1 + rand(28);
      const expiry = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const c: OccContract = { root, expiry, side: rand(2) ? 'call' : 'put', strike: (1 + rand(99_999_999)) / 1000 };
      const s = formatOcc(c);
      expect(ok(s)).toEqual(c);
      expect(formatOcc(ok(s))).toBe(s);
      expect(ok(formatOcc(c, { padded: true }))).toEqual(c);
    }
  });
});
