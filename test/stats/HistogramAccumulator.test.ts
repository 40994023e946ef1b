// The histogram accumulator: exact and order-free merges (any split, any order, the same bits),
// the CDF's ratio-estimator standard error against a direct computation, Woodruff intervals that
// cover a known quantile of clustered data, and JSON that round-trips and names bad fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistogramAccumulator, MAX_VALUES_PER_REPLICATION } from '../../src/stats/HistogramAccumulator.js';
import { BIN_COUNT, binOf, lowerEdge, upperEdge } from '../../src/stats/LogHistogram.js';
import { studentTQuantile } from '../../src/math/studentT.js';
import { mulberry32 } from '../support/helpers.js';

/** One replication's bins: a slowdown shared by all its values (the correlation within a replication), then `count` values. */
function replication(u: () => number, count: number, slow: number): Float64Array {
  const bins = new Float64Array(BIN_COUNT);
  for (let i = 0; i < count; i++) {
    const b = binOf(slow * (1 + u()));
    bins[b] = (bins[b] as number) + 1;
  }
  return bins;
}

function accumulate(reps: readonly Float64Array[]): HistogramAccumulator {
  const h = new HistogramAccumulator();
  for (const r of reps) h.add(r, 0);
  return h;
}

/** The state's bytes, as hex (compared as one string: a deep equality of 48 kB is slow). */
function state(h: HistogramAccumulator): string {
  const s = new Float64Array(HistogramAccumulator.STATE_SIZE);
  h.writeState(s, 0);
  return Buffer.from(s.buffer).toString('hex');
}

describe('HistogramAccumulator', () => {
  const u = mulberry32(7);
  const reps = Array.from({ length: 60 }, (_, r) => replication(u, r % 7 === 0 ? 0 : Math.floor(1 + 40 * u()), u() < 0.2 ? 4 + 100 * u() : 1e-3 * (1 + u())));

  it('property: any split of the replications, merged in any order, gives the same state bit for bit', () => {
    const whole = state(accumulate(reps));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { minLength: reps.length, maxLength: reps.length }), fc.boolean(), fc.boolean(), (part, reverse, viaState) => {
        const parts = [0, 1, 2, 3].map((p) => accumulate(reps.filter((_, i) => part[i] === p)));
        const order = reverse ? [...parts].reverse() : parts;
        const merged = new HistogramAccumulator();
        for (const p of order) {
          if (viaState) {
            const s = new Float64Array(HistogramAccumulator.STATE_SIZE);
            p.writeState(s, 0);
            merged.mergeState(s, 0);
          } else merged.merge(p);
        }
        expect(state(merged)).toEqual(whole);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('stays exact past 2^53 in its sums (pairs hi·2^32 + lo)', () => {
    const big = new Float64Array(BIN_COUNT);
    big[10] = MAX_VALUES_PER_REPLICATION - 1;
    big[20] = 1;
    const h = new HistogramAccumulator();
    for (let i = 0; i < 5; i++) h.add(big, 0);
    const n = BigInt(MAX_VALUES_PER_REPLICATION);
    const data = h.toJSON();
    expect(BigInt(data.tails[20] as string)).toBe(5n * n * n);
    expect(BigInt(data.squares[10] as string)).toBe(5n * (n - 1n) * (n - 1n));
    expect(BigInt(data.products[15] as string)).toBe(5n * (n - 1n) * n);
    big[20] = 2;
    expect(() => h.add(big, 0)).toThrow(/more than 67108864/);
    big[20] = 0.5;
    expect(() => h.add(big, 0)).toThrow(/not a count/);
  });

  it("gives F̂ and the ratio estimator's standard error of a direct computation at every edge", () => {
    const h = accumulate(reps);
    const { estimate, stdError } = h.cdf();
    const n = reps.length;
    const totals = reps.map((r) => r.reduce((a, c) => a + c, 0));
    const Y = totals.reduce((a, c) => a + c, 0);
    const cumulative = reps.map(() => 0);
    for (let b = 0; b < BIN_COUNT; b++) {
      reps.forEach((r, i) => (cumulative[i] = (cumulative[i] as number) + (r[b] as number)));
      const X = cumulative.reduce((a, c) => a + c, 0);
      const F = X / Y;
      const ybar = Y / n;
      let ss = 0;
      cumulative.forEach((c, i) => (ss += (c - F * (totals[i] as number)) ** 2));
      const se = Math.sqrt(ss / (n * (n - 1) * ybar * ybar));
      expect(estimate[b]).toBeCloseTo(F, 14);
      if (se === 0) expect(stdError[b]).toBeLessThan(1e-12);
      else expect(Math.abs((stdError[b] as number) / se - 1)).toBeLessThan(1e-9);
    }
  });

  it('gives a Woodruff interval at bin edges around its estimate, the inverse of F̂ ± t·se', () => {
    const h = accumulate(reps);
    const cdf = h.cdf();
    const t = -studentTQuantile(0.005, reps.length - 1);
    for (const p of [0.5, 0.9, 0.99]) {
      const q = h.quantile(p, 0.99, cdf);
      expect(q.low).toBeLessThanOrEqual(q.estimate);
      expect(q.high).toBeGreaterThanOrEqual(q.estimate);
      const lowBin = binOf(q.low);
      const highBin = binOf(q.high) - 1; // high is an upper edge
      expect(lowerEdge(lowBin)).toBe(q.low);
      expect(upperEdge(highBin)).toBe(q.high);
      expect((cdf.estimate[lowBin] as number) + t * (cdf.stdError[lowBin] as number)).toBeGreaterThanOrEqual(p);
      if (lowBin > 0) expect((cdf.estimate[lowBin - 1] as number) + t * (cdf.stdError[lowBin - 1] as number)).toBeLessThan(p);
      expect((cdf.estimate[highBin] as number) - t * (cdf.stdError[highBin] as number)).toBeGreaterThanOrEqual(p);
      expect((cdf.estimate[highBin - 1] as number) - t * (cdf.stdError[highBin - 1] as number)).toBeLessThan(p);
    }
  });

  it('covers the pooled quantile of clustered latencies at about its confidence (400 runs, seed 1)', () => {
    // Half the replications are slowed 4× as a whole (an outage): values 1 + U or 4(1 + U), U uniform,
    // 20 per replication. The pooled CDF is ½F₁ + ½F₄, whose 0.9-quantile is 7.2 and 0.25-quantile 1.5.
    const rng = mulberry32(1);
    const runs = 400;
    let covered90 = 0;
    let covered25 = 0;
    for (let run = 0; run < runs; run++) {
      const h = new HistogramAccumulator();
      for (let r = 0; r < 40; r++) h.add(replication(rng, 20, rng() < 0.5 ? 4 : 1), 0);
      const q90 = h.quantile(0.9, 0.95);
      const q25 = h.quantile(0.25, 0.95);
      if (q90.low <= 7.2 && 7.2 <= q90.high) covered90++;
      if (q25.low <= 1.5 && 1.5 <= q25.high) covered25++;
    }
    // 95% nominal; the bin edges make it conservative. Binomial(400, 0.95) is within [0.92, 0.98] with > 99% probability.
    expect(covered90 / runs).toBeGreaterThanOrEqual(0.92);
    expect(covered25 / runs).toBeGreaterThanOrEqual(0.92);
  });

  it('round-trips through JSON and names a bad field', () => {
    const h = accumulate(reps);
    const data = JSON.parse(JSON.stringify(h.toJSON()));
    expect(state(HistogramAccumulator.fromJSON(data))).toEqual(state(h));
    expect(() => HistogramAccumulator.fromJSON({ ...data, counts: data.counts.map((c: number, b: number) => (b === 12 ? -1 : c)) })).toThrow(/^counts\.12: expected/);
    expect(() => HistogramAccumulator.fromJSON({ ...data, squares: data.squares.map((c: string, b: number) => (b === 3 ? '-5' : c)) })).toThrow(/^squares\.3: expected/);
    expect(() => HistogramAccumulator.fromJSON({ ...data, tails: data.tails.slice(1) })).toThrow(/^tails: expected an array of 866/);
    expect(() => HistogramAccumulator.fromJSON({ ...data, observed: data.replications + 1 })).toThrow(/^observed: expected/);
  });
});
