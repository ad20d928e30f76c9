import golden from '../fixtures/supertrend.json';
import { superTrendAi } from '../src/supertrend/supertrend-ai';
import { expectGolden, sp500, synthetic } from './golden';

// The golden tests are only as strict as this comparator, so it is pinned too.
describe('expectGolden', () => {
  it('accepts 1e-9 relative (absolute below 1) and nothing looser', () => {
    expectGolden([1000 * (1 + 9e-10), 0.5 + 9e-10], [1000, 0.5]);
    expect(() => expectGolden([1000 * (1 + 2e-9)], [1000])).toThrow();
    expect(() => expectGolden([0.5 + 2e-9], [0.5])).toThrow();
  });

  it('reads null as NaN and checks head and tail of a clipped series', () => {
    expectGolden([NaN, null], [null, null]);
    expect(() => expectGolden([0], [null])).toThrow();
    expectGolden([1, 2, 3, 4, 5], { head: [1, 2], tail: [5] });
    expect(() => expectGolden([1, 2, 3, 4, 6], { head: [1, 2], tail: [5] })).toThrow();
  });

  it('fails on a missing key and on the wrong data', () => {
    expect(() => expectGolden({}, { a: 1 })).toThrow();
    expect(() => expectGolden(superTrendAi(synthetic), golden.superTrendAi.sp500)).toThrow();
    expect(sp500).toHaveLength(400);
  });
});
