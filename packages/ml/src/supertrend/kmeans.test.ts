import golden from '../../fixtures/supertrend.json';
import { expectGolden } from '../../test/golden';
import { kmeans1d } from './kmeans';

describe('kmeans1d', () => {
  it('converges when the labels repeat', () => {
    // Three well-separated groups seeded at 3, 11, 20: the first step moves the centres to the
    // group means 2, 11, 21; the second assigns the same labels and stops.
    const r = kmeans1d([1, 2, 3, 10, 11, 12, 20, 21, 22], [3, 11, 20]);
    expect(r).toEqual({ labels: [0, 0, 0, 1, 1, 1, 2, 2, 2], centers: [2, 11, 21], iterations: 2 });
  });

  it('gives an empty cluster the value farthest from its centre', () => {
    // Seeds 1, 1, 2: every 1 ties between clusters 0 and 1 and takes 0, so 1 is empty. The
    // farthest value is 40 (38 from centre 2); it moves to cluster 1, leaving {2, 3} at 2.5.
    const r = kmeans1d([1, 1, 1, 1, 1, 1, 2, 3, 40], [1, 1, 2]);
    expect(r.labels).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 1]);
    expect(r.centers).toEqual([1, 40, 2.5]);
  });

  it('puts a cluster emptied by a relocation at the mean of the values', () => {
    // Seeds 110, 100, 100. Step 1: 131 alone goes to cluster 0 (21 away), the rest to 1;
    // cluster 2 is empty and takes 131, the farthest from its centre (21² > 20²), which
    // empties cluster 0 → it sits at the mean 511/5 = 102.2; cluster 1 is at 95.
    // Step 2: each 100 is nearer 102.2 than 95 and joins cluster 0 → centres 100, 80, 131.
    const r = kmeans1d([80, 100, 100, 100, 131], [110, 100, 100]);
    expect(r).toEqual({ labels: [1, 0, 0, 0, 2], centers: [100, 80, 131], iterations: 3 });
  });

  it('leaves identical values in the first cluster', () => {
    const r = kmeans1d([5, 5, 5, 5], [5, 5, 5]);
    expect(r.labels).toEqual([0, 0, 0, 0]);
    expect(r.centers).toEqual([5, 5, 5]);
    expect(r.iterations).toBe(1);
  });

  it('stops at maxIter', () => {
    expect(kmeans1d([1, 2, 3, 10, 11, 12, 20, 21, 22], [3, 11, 20], 1).iterations).toBe(1);
  });

  it('matches the reference on the factor-choice cases', () => {
    expectGolden(
      golden.kmeans.map((c) => kmeans1d(c.values, c.init)),
      golden.kmeans.map((c) => ({ labels: c.labels, centers: c.centers, iterations: c.iterations })),
    );
  });
});
