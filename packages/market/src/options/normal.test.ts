import { erf, erfc, normCdf, normPdf } from './normal';

// Reference values to 20 digits, as tabulated in Abramowitz & Stegun and the DLMF.
const relClose = (got: number, want: number, rel: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));
};

describe('normal distribution', () => {
  it.each([
    [0, 0.5],
    [-1, 0.15865525393145705142],
    [1, 0.84134474606854294859],
    [1.96, 0.97500210485177952],
    [-3, 0.0013498980316300945267],
    [-5, 2.8665157187919391167e-7],
    [-10, 7.619853024160526066e-24],
  ])('Φ(%d)', (x, want) => {
    // Φ(−10) carries the rounding of x/√2 through exp(−z²): about 1e-14 relative is the floor there.
    relClose(normCdf(x), want, x === -10 ? 5e-14 : 5e-15);
  });

  it.each([
    [0.5, 0.52049987781304653768, 0.47950012218695346232],
    [1, 0.84270079294971486934, 0.15729920705028513066],
    [2, 0.99532226501895273416, 0.0046777349810472658379],
    [3, 0.99997790950300141456, 2.2090496998585441373e-5],
    [6, 1, 2.1519736712498913117e-17],
  ])('erf/erfc(%d)', (z, e, ec) => {
    relClose(erf(z), e, 4e-16);
    relClose(erfc(z), ec, 2e-15);
    relClose(erfc(-z), 2 - ec, 2e-16);
    expect(erf(-z)).toBe(-erf(z));
  });

  it('is continuous across the series/fraction switch at 2', () => {
    const below = erfc(2 - 1e-12);
    const above = erfc(2);
    expect(Math.abs(below - above)).toBeLessThan(1e-13);
  });

  it('the density integrates the distribution', () => {
    // Φ(b) − Φ(a) by Simpson's rule on φ.
    const n = 2000;
    const [a, b] = [-2, 1.5];
    const h = (b - a) / n;
    let s = normPdf(a) + normPdf(b);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * normPdf(a + i * h);
    relClose((s * h) / 3, normCdf(b) - normCdf(a), 1e-12);
  });
});
