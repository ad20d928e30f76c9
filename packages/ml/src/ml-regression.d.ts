// ml-regression 6.3.0 ships no type declarations; this covers the classes packages/ml uses.
declare module 'ml-regression' {
  /** From ml-regression-polynomial: solves the normal equations, which at degree 1 give np.polyfit's line. */
  export class PolynomialRegression {
    constructor(x: readonly number[], y: readonly number[], degree: number);
    /** Lowest power first: [a0, a1, …]. */
    readonly coefficients: number[];
    predict(x: number): number;
  }
  export class SimpleLinearRegression {
    constructor(x: readonly number[], y: readonly number[]);
    readonly slope: number;
    readonly intercept: number;
    predict(x: number): number;
  }
}
