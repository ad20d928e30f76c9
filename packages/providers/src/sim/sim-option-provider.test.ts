import { bsPrice, nearestExpirations, nyWallTime, parseOcc, strikeGrid } from '@marketfleet/market';
import type { OptionSnapshot } from '../types';
import { LARGE_CHAIN_LISTING, SIM_RATE, simOptionChain, simStrikeRange, type SimChain } from './option-chain';
import { quoteAround } from './option-quote';
import { createSimOptionChainProvider } from './sim-option-provider';
import { simMarket } from './sim-market';
import { volSurface } from './vol-surface';

const AFTER = () => new Date('2024-12-31T23:00:00Z');
const market = simMarket(7);
const chainOn = (underlying: string, asOf: string, expirations = 4, now = AFTER()) =>
  simOptionChain({ market, underlying, asOf, expirations, now });
const mid = (s: OptionSnapshot) => (s.bid! + s.ask!) / 2;
const years = (expiry: string, at: Date) => (nyWallTime(expiry, '16:00').getTime() - at.getTime()) / (365 * 86_400_000);

describe('simulated option chains', () => {
  it('are deterministic per (seed, underlying, session) and differ across days, symbols and seeds', async () => {
    const req = { underlying: 'AAPL', expirations: 3, asOf: '2024-06-12' };
    const a = await createSimOptionChainProvider({ seed: 7, now: AFTER }).fetchChain(req);
    const b = await createSimOptionChainProvider({ seed: 7, now: AFTER }).fetchChain(req);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ provider: 'sim', underlying: 'AAPL', quarantined: [], requests: 0 });
    const other = (r: typeof req, seed = 7) => createSimOptionChainProvider({ seed, now: AFTER }).fetchChain(r);
    expect((await other({ ...req, asOf: '2024-06-13' })).snapshots).not.toEqual(a.snapshots);
    expect((await other({ ...req, underlying: 'MSFT' })).snapshots).not.toEqual(a.snapshots);
    expect((await other(req, 8)).snapshots).not.toEqual(a.snapshots);
  });

  it('lay out the exchange listing: the nearest expirations, the strike grid around the close, both sides', () => {
    const chain = chainOn('SPY', '2024-03-25', 4);
    const close = market.dailyBar('SPY', market.clock.session('2024-03-25')!)!.close;
    expect(chain.spot).toBe(close);
    expect(chain.quotedAt).toEqual(market.clock.session('2024-03-25')!.close);
    const expiries = nearestExpirations('2024-03-25', 4).map((e) => e.date);
    expect(expiries[0]).toBe('2024-03-28'); // Good Friday moves the weekly to Thursday
    expect([...new Set(chain.snapshots.map((s) => s.expiry))]).toEqual(expiries);
    for (const expiry of expiries) {
      const strikes = strikeGrid(close, { range: simStrikeRange(years(expiry, chain.quotedAt)) });
      for (const side of ['call', 'put']) {
        expect(chain.snapshots.filter((s) => s.expiry === expiry && s.side === side).map((s) => s.strike)).toEqual(strikes);
      }
    }
    // Longer maturities list a wider ladder.
    const count = (e: string) => chain.snapshots.filter((s) => s.expiry === e).length;
    expect(count(expiries[3]!)).toBeGreaterThanOrEqual(count(expiries[0]!));
    expect(count(nearestExpirations('2024-03-25', 60).at(-1)!.date)).toBe(0);
    const leaps = simOptionChain({ market, underlying: 'SPY', asOf: '2024-03-25', expirations: 60, now: AFTER() });
    const last = nearestExpirations('2024-03-25', 60).at(-1)!.date;
    expect(leaps.snapshots.filter((s) => s.expiry === last).length).toBeGreaterThan(2 * count(expiries[0]!));
    for (const s of chain.snapshots) {
      const occ = parseOcc(s.contract);
      expect(occ).toEqual({ ok: true, value: { root: 'SPY', expiry: s.expiry, side: s.side, strike: s.strike } });
      expect(s.underlying).toBe('SPY');
    }
  });

  it('list a heavily traded name’s chain on request: more expirations, wider ladders, the same quotes', () => {
    const asOf = '2024-06-12';
    const plain = simOptionChain({ market, underlying: 'MSFT', asOf, expirations: 60, now: AFTER() });
    const large = simOptionChain({ market, underlying: 'MSFT', asOf, expirations: 60, now: AFTER(), listing: LARGE_CHAIN_LISTING });
    const expiries = (c: SimChain) => [...new Set(c.snapshots.map((s) => s.expiry))];
    expect(expiries(large)).toEqual(nearestExpirations(asOf, 60, LARGE_CHAIN_LISTING).map((e) => e.date));
    expect(expiries(large).length).toBeGreaterThanOrEqual(expiries(plain).length + 6);
    // Inside the default listing's horizon: a provider asked for every expiration gets them all.
    expect(expiries(large).at(-1)).toBe(nearestExpirations(asOf, 60).at(-1)!.date);
    for (const expiry of expiries(large)) {
      const strikes = strikeGrid(large.spot, { range: simStrikeRange(years(expiry, large.quotedAt), 2), nearBand: 0.25 });
      expect(large.snapshots.filter((s) => s.expiry === expiry && s.side === 'put').map((s) => s.strike)).toEqual(strikes);
    }
    expect(large.snapshots.length).toBeGreaterThan(3 * plain.snapshots.length);
    // The ordinary listing is a part of the large one, priced alike.
    const priced = (s: OptionSnapshot) => [s.contract, s.bid, s.ask, s.iv, s.delta];
    const inLarge = new Map(large.snapshots.map((s) => [s.contract, s]));
    expect(plain.snapshots.every((s) => inLarge.has(s.contract))).toBe(true);
    expect(plain.snapshots.map((s) => priced(inLarge.get(s.contract)!))).toEqual(plain.snapshots.map(priced));
    expect(() => simOptionChain({ market, underlying: 'MSFT', asOf, expirations: 1, now: AFTER(), listing: { strikeReach: 0 } })).toThrow(/strikeReach/);
  });

  it('quote bid < ask on ticks around the Black–Scholes price at the smile’s volatility, with sane greeks', () => {
    const chain = chainOn('MSFT', '2024-05-15', 6);
    for (const s of chain.snapshots) {
      expect(s.bid!).toBeGreaterThanOrEqual(0);
      expect(s.ask!).toBeGreaterThan(s.bid!);
      expect(Math.abs(s.bid! * 100 - Math.round(s.bid! * 100))).toBeLessThan(1e-9);
      const model = bsPrice({ side: s.side, spot: chain.spot, strike: s.strike, years: years(s.expiry, chain.quotedAt), vol: s.iv!, rate: SIM_RATE });
      expect(model).toBeGreaterThanOrEqual(s.bid! - 0.0001);
      expect(model).toBeLessThanOrEqual(s.ask! + 0.0001);
      if (s.side === 'call') expect(s.delta!).toBeGreaterThanOrEqual(0);
      else expect(s.delta!).toBeLessThanOrEqual(0);
      expect(Math.abs(s.delta!)).toBeLessThanOrEqual(1);
      expect(s.gamma!).toBeGreaterThanOrEqual(0);
      // Without dividends a call always loses value with time (a deep put may gain: interest on the strike).
      if (s.side === 'call') expect(s.theta!).toBeLessThanOrEqual(1e-6);
      if (s.last !== undefined) expect(s.last).toBeGreaterThanOrEqual(s.bid!);
      if (s.last !== undefined) expect(s.last).toBeLessThanOrEqual(s.ask!);
    }
  });

  it('have a downside skew and spreads that widen away from the money', () => {
    const chain = chainOn('NVDA', '2024-04-10', 8);
    const monthly = chain.snapshots.filter((s) => s.expiry === '2024-04-19' && s.side === 'put');
    const atm = monthly.reduce((a, b) => (Math.abs(b.strike - chain.spot) < Math.abs(a.strike - chain.spot) ? b : a));
    const low = monthly[0]!;
    const high = monthly[monthly.length - 1]!;
    expect(low.iv!).toBeGreaterThan(atm.iv!);
    expect(low.iv!).toBeGreaterThan(high.iv!);
    const rel = (s: OptionSnapshot) => (s.ask! - s.bid!) / mid(s);
    expect(rel(low)).toBeGreaterThan(rel(atm));
    for (const m of [0.5, 4, 20]) {
      const spreads = [0, 1, 2, 3].map((z) => quoteAround(m, z)).map((q) => q.ask - q.bid);
      for (let i = 1; i < spreads.length; i++) expect(spreads[i]!).toBeGreaterThanOrEqual(spreads[i - 1]!);
      expect(spreads[3]!).toBeGreaterThan(spreads[0]!);
    }
  });

  it('have a term structure that starts at the day’s volatility and reverts to the long run', () => {
    const calm = volSurface(100, 0.01, 0.02);
    const stressed = volSurface(100, 0.04, 0.02);
    const longRun = 0.02 * 1.1 * Math.sqrt(252);
    expect(calm.atm(7 / 365)).toBeLessThan(calm.atm(1));
    expect(stressed.atm(7 / 365)).toBeGreaterThan(stressed.atm(1));
    expect(Math.abs(calm.atm(5) - longRun) / longRun).toBeLessThan(0.1);
    expect(Math.abs(stressed.atm(5) - longRun) / longRun).toBeLessThan(0.1);
    expect(stressed.atm(0)).toBeCloseTo(0.04 * 1.1 * Math.sqrt(252), 1);
  });

  it('carry open interest and volume that evolve from session to session', () => {
    const sessions = market.clock.sessionsBetween('2024-07-01', '2024-07-31').map((s) => s.date);
    // The September monthly, the strike nearest the first day's spot: listed throughout July.
    const first = chainOn('KO', sessions[0]!, 12);
    const atm = first.snapshots
      .filter((s) => s.expiry === '2024-09-20' && s.side === 'call')
      .reduce((a, b) => (Math.abs(b.strike - first.spot) < Math.abs(a.strike - first.spot) ? b : a));
    const series = sessions.map((d) => chainOn('KO', d, 12).snapshots.find((s) => s.contract === atm.contract));
    const oi = series.map((s) => s?.openInterest ?? 0);
    const volume = series.map((s) => s?.volume ?? 0);
    expect(oi.every((x) => x > 0)).toBe(true);
    expect(new Set(oi).size).toBeGreaterThan(sessions.length / 2);
    // Interest drifts; it does not jump at random from one day to the next.
    for (let i = 1; i < oi.length; i++) expect(oi[i]! / oi[i - 1]!).toBeGreaterThan(0.7);
    for (let i = 1; i < oi.length; i++) expect(oi[i]! / oi[i - 1]!).toBeLessThan(1.45);
    expect(new Set(volume).size).toBeGreaterThan(sessions.length / 2);
    expect(volume.some((v) => v > 0)).toBe(true);
  });

  it('never quote the future: mid-session chains use the price so far and part of the day’s volume', () => {
    const session = market.clock.session('2024-06-12')!;
    const noon = new Date(session.open.getTime() + 3 * 3_600_000);
    const midday = chainOn('AAPL', '2024-06-12', 2, noon);
    const closed = chainOn('AAPL', '2024-06-12', 2);
    expect(midday.quotedAt.getTime()).toBeLessThanOrEqual(noon.getTime());
    expect(midday.quotedAt.getTime()).toBeGreaterThan(session.open.getTime());
    const total = (c: typeof midday) => c.snapshots.reduce((n, s) => n + s.volume!, 0);
    expect(total(midday)).toBeLessThan(total(closed));
    // Before the open, the previous session's close is the latest price.
    const early = chainOn('AAPL', '2024-06-12', 2, new Date(session.open.getTime() - 60_000));
    expect(early.quotedAt).toEqual(market.clock.previousSession('2024-06-12').close);
    expect(() => chainOn('AAPL', '2024-06-13', 2, noon)).toThrow(/after today/);
  });

  it('make OCC roots from tickers with classes and refuse bad requests before pricing', async () => {
    expect(chainOn('BRK.B', '2024-06-12', 1).snapshots[0]!.root).toBe('BRKB');
    const sim = createSimOptionChainProvider({ seed: 7, now: AFTER });
    const ok = { underlying: 'AAPL', expirations: 2, asOf: '2024-06-12' };
    await expect(sim.fetchChain({ ...ok, underlying: 'aapl' })).rejects.toThrow(/underlying/);
    await expect(sim.fetchChain({ ...ok, expirations: 0 })).rejects.toThrow(/expirations/);
    await expect(sim.fetchChain({ ...ok, expirations: 61 })).rejects.toThrow(/expirations/);
    await expect(sim.fetchChain({ ...ok, asOf: '2024-02-30' })).rejects.toThrow(/asOf/);
  });

  it('serve weekends and holidays from the last session, with the listing as of the asked date', async () => {
    const sat = chainOn('AAPL', '2024-06-15', 2);
    expect(sat.quotedAt).toEqual(market.clock.session('2024-06-14')!.close);
    expect(sat.snapshots[0]!.expiry).toBe('2024-06-21');
  });
});
