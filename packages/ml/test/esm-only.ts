// jest's module loader cannot run ESM-only packages from node_modules, and the workspace's
// jest.config.js transforms only the ones it lists (ESM_ONLY). ml-regression's CommonJS build
// reaches three: is-any-array (via ml-regression-base) and ml-kernel's polynomial and sigmoid
// kernels. Node ≥ 20.19 loads them natively, so only tests need this. Import it before anything
// that imports ml-regression. PolynomialRegression, ml-matrix's solver and the rest stay real:
// - is-any-array becomes a copy of its three lines (the same copy ml-matrix bundles);
// - ml-kernel, used only by KernelRidgeRegression, becomes an empty module.
// jest.mock calls are hoisted above every statement, so the paths are resolved inline.
jest.mock(
  require.resolve('is-any-array', { paths: [require.resolve('ml-regression-base', { paths: [require.resolve('ml-regression')] })] }),
  () => ({
    isAnyArray: (value: unknown): boolean => {
      const tag = Object.prototype.toString.call(value);
      return tag.endsWith('Array]') && !tag.includes('Big');
    },
  }),
);
jest.mock(require.resolve('ml-kernel', { paths: [require.resolve('ml-regression')] }), () => ({}));
