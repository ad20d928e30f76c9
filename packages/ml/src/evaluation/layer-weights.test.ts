import golden from '../../fixtures/evaluation-layer-weights.json';
import { goldenMismatches } from './golden.test-support';
import { fitLayerWeights, simplexGrid, type LayerWeightRow } from './layer-weights';

const DAY = 86_400_000;

/** JSON has no NaN: the fixture writes missing values as null. */
function rowsOf(raw: readonly { forecastMs: number; components: (number | null)[]; realized: number }[]): LayerWeightRow[] {
  return raw.map((r) => ({ ...r, components: r.components.map((c) => c ?? Number.NaN) }));
}

describe('simplexGrid', () => {
  it('has 231 candidates for three components at step 0.05, each on the simplex', () => {
    const grid = simplexGrid(3);
    expect(grid).toHaveLength(231);
    for (const w of grid) {
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    }
    expect(grid[0]).toEqual([0, 0, 1]);
    expect(grid[230]).toEqual([1, 0, 0]);
    expect(Object.entries(golden.gridSizes).map(([n]) => simplexGrid(Number(n)).length)).toEqual(
      Object.values(golden.gridSizes),
    );
  });
});

describe('fitLayerWeights', () => {
  it('seeds defaults with no rows', () => {
    expect(fitLayerWeights([])).toEqual({ weights: [0.35, 0.35, 0.3], diagnostics: { n_samples: 0, method: 'seed_default' } });
  });

  it('finds the exact mix when realised prices are a grid point', () => {
    const rows = Array.from({ length: 40 }, (_, i) => {
      // Components that move independently, so only one mix reproduces the realised price.
      const c = [100 + i, 95 + ((i * 7) % 13), 110 - ((i * 5) % 9)];
      return { forecastMs: i * DAY, components: c, realized: 0.2 * c[0]! + 0.5 * c[1]! + 0.3 * c[2]! };
    });
    const fit = fitLayerWeights(rows);
    expect(fit.weights[0]).toBeCloseTo(0.2, 12);
    expect(fit.weights[1]).toBeCloseTo(0.5, 12);
    // Rows 15..39 each have ≥ 15 rows more than 5 days older from row 20 on: 20 folds.
    expect(fit.diagnostics).toMatchObject({ method: 'walk_forward_grid', n_folds: 20, embargo_days: 5, grid_step: 0.05 });
    expect(fit.diagnostics.oos_mae).toBeLessThan(1e-9);
  });

  it('falls back to inverse MAE below 30 rows', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ forecastMs: i * DAY, components: [101, 98, 100], realized: 100 }));
    // MAEs 1, 2, 0 → weights ∝ 1, 1/2, 1e9: almost all on the perfect component.
    const fit = fitLayerWeights(rows);
    expect(fit.diagnostics).toEqual({ n_samples: 10, method: 'heuristic_inverse_mae', fallback: 1 });
    expect(fit.weights[2]).toBeGreaterThan(0.999999);
  });

  it('rejects rows with the wrong number of components', () => {
    expect(() => fitLayerWeights([{ forecastMs: 0, components: [1, 2], realized: 1 }])).toThrow(RangeError);
  });

  it('matches the reference script on every golden case', () => {
    for (const c of golden.cases) {
      const fit = fitLayerWeights(rowsOf(c.input.rows), { defaults: c.input.defaults });
      expect({ name: c.name, mismatches: goldenMismatches(fit, c.expected) }).toEqual({ name: c.name, mismatches: [] });
    }
  });
});
