import golden from '../../fixtures/levels.json';
import { expectGolden } from '../../test/golden';
import { levelWindows } from '../../test/windows';
import { classicPivots } from './classic-pivots';

it('computes the floor pivots of a bar', () => {
  // H 12, L 8, C 10: PP = 30/3 = 10; R1 = 20 − 8 = 12; S1 = 20 − 12 = 8; R2 = 10 + 4 = 14;
  // S2 = 10 − 4 = 6; R3 = 12 + 2·(10 − 8) = 16; S3 = 8 − 2·(12 − 10) = 4
  expect(classicPivots({ high: 12, low: 8, close: 10 })).toEqual({ pp: 10, r1: 12, s1: 8, r2: 14, s2: 6, r3: 16, s3: 4 });
});

it.each(levelWindows)('matches the reference on the last bar of %s', (name, bars) => {
  expectGolden(classicPivots(bars[bars.length - 1]!), golden.windows[name].classicPivots);
});
