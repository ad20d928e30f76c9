// The market package's pricer against Black–Scholes values computed in plain Python with math.erfc
// (fixtures/options_reference.py): the ranking reads vendor greeks, so these must agree with them.
import { bsGreeks, type BsGreeks, type BsInput, impliedVol } from '@marketfleet/market';
import { expectClose, loadFixture } from './golden-fixtures';

const { rows } = loadFixture<{ rows: { input: BsInput; expected: BsGreeks }[] }>('options-black-scholes.json');

describe('Black–Scholes against the Python reference', () => {
  it('prices and greeks agree to 1e-9', () => {
    expect(rows.length).toBeGreaterThan(100);
    for (const { input, expected } of rows) {
      const got = bsGreeks(input);
      for (const k of ['price', 'delta', 'gamma', 'theta', 'vega', 'rho'] as const) {
        expectClose(got[k], expected[k], 1e-9, `${JSON.stringify(input)} ${k}`);
      }
    }
  });

  it('implied volatility recovers the input wherever the price still depends on it', () => {
    for (const { input, expected } of rows) {
      if (expected.vega < 1e-4) continue;
      const iv = impliedVol({ ...input, price: expected.price });
      expect(iv).not.toBeNull();
      expectClose(iv!, input.vol, 1e-7, JSON.stringify(input));
    }
  });
});
