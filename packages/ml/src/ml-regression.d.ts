// ml-regression 6.3.0 ships no type declarations; this covers the one class used here. Its
// PolynomialRegression (from ml-regression-polynomial) solves the normal equations, which at
// degree 1 give the same line as np.polyfit.
declare module 'ml-regression' {
  export class PolynomialRegression {
    constructor(x: readonly number[], y: readonly number[], degree: number);
    /** Lowest power first: [a0, a1, …]. */
    readonly coefficients: number[];
    predict(x: number): number;
  }
}
