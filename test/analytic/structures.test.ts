// Series, parallel, quorum and standby structures against enumeration, CTMCs and textbook values.
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { absorption } from '../../src/analytic/ctmc/absorption.js';
import { generator, type Transition } from '../../src/analytic/ctmc/generator.js';
import { transient } from '../../src/analytic/ctmc/transient.js';
import { componentReliability, componentSteadyAvailability, type UpDown } from '../../src/analytic/repairableComponent.js';
import {
  coldStandbyMttf,
  coldStandbyReliability,
  hotStandbyMttf,
  hotStandbyReliability,
  majorityQuorumAvailability,
  majorityQuorumMttf,
  majorityQuorumReliability,
  majorityQuorumRepairMttf,
  majorityQuorumRepairReliability,
  majorityQuorumSize,
  parallel,
  series,
  seriesMttf,
} from '../../src/analytic/structures.js';

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** P(structure up) over all 2^n states of independent parts, for a structure function `works`. */
function enumerate(parts: readonly UpDown[], works: (upMask: number) => boolean): UpDown {
  let up = 0;
  let down = 0;
  for (let mask = 0; mask < 1 << parts.length; mask++) {
    let p = 1;
    parts.forEach((part, i) => (p *= mask & (1 << i) ? part.up : part.down));
    if (works(mask)) up += p;
    else down += p;
  }
  return { up, down };
}

const parts: UpDown[] = [
  componentSteadyAvailability({ mttf: 8760, mttr: 4 }),
  componentSteadyAvailability({ mttf: 4380, mttr: 4 }),
  componentSteadyAvailability({ mttf: 100, mttr: 10 }),
  componentReliability({ mttf: 50 }, 30),
  { up: 0.5, down: 0.5 },
];

function expectNamed(fn: () => unknown, name: string): void {
  expect(fn).toThrow(FaultlineError);
  expect(fn).toThrow(new RegExp(`^${name.replace(/[[\].]/g, '\\$&')}: expected`));
}

describe('series and parallel', () => {
  it('match enumeration over 2^n part states', () => {
    for (let n = 1; n <= parts.length; n++) {
      const some = parts.slice(0, n);
      const all = (1 << n) - 1;
      const s = series(some);
      const es = enumerate(some, (m) => m === all);
      expect(relErr(s.up, es.up)).toBeLessThan(1e-14);
      expect(relErr(s.down, es.down)).toBeLessThan(1e-13);
      const p = parallel(some);
      const ep = enumerate(some, (m) => m !== 0);
      expect(relErr(p.up, ep.up)).toBeLessThan(1e-13);
      expect(relErr(p.down, ep.down)).toBeLessThan(1e-14);
    }
  });

  it('keep tiny complements exact: parallel of three 1e-6 parts is down 1e-18; series of 1e-17 parts is down 3e-17', () => {
    const tiny = { up: 1 - 1e-6, down: 1e-6 };
    expect(relErr(parallel([tiny, tiny, tiny]).down, 1e-18)).toBeLessThan(1e-15);
    const t17 = { up: 1, down: 1e-17 };
    expect(relErr(series([t17, t17, t17]).down, 3e-17)).toBeLessThan(1e-15);
    expect(parallel([tiny, { up: 1, down: 0 }]).up).toBe(1);
  });

  it('seriesMttf = 1/Σλ (seed 000 coordinator and executor: 2920 h)', () => {
    expect(seriesMttf([8760, 4380])).toBeCloseTo(2920, 10);
    expect(relErr(seriesMttf([8760, 4380, 100]), 1 / (1 / 8760 + 1 / 4380 + 1 / 100))).toBeLessThan(1e-15);
  });
});

describe('majority quorum', () => {
  it('size ⌊n/2⌋ + 1', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(majorityQuorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('reliability and availability match enumeration of the vote', () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const rel = componentReliability({ mttf: 8760 }, 2000);
      const er = enumerate(Array(n).fill(rel), (m) => 2 * popcount(m) > n);
      const r = majorityQuorumReliability({ count: n, mttf: 8760 }, 2000);
      expect(relErr(r.up, er.up)).toBeLessThan(1e-13);
      expect(relErr(r.down, er.down)).toBeLessThan(1e-13);
      const av = componentSteadyAvailability({ mttf: 8760, mttr: 4 });
      const ea = enumerate(Array(n).fill(av), (m) => 2 * popcount(m) > n);
      const a = majorityQuorumAvailability({ count: n, mttf: 8760, mttr: 4 });
      expect(relErr(a.down, ea.down)).toBeLessThan(1e-12);
    }
  });

  it('TMR: MTTF 5/(6λ) without repair and (5λ + μ)/(6λ²) with repair (Trivedi 2002, ch. 4 and 8)', () => {
    const lambda = 1 / 8760;
    const mu = 1 / 4;
    expect(relErr(majorityQuorumMttf({ count: 3, mttf: 8760 }), 5 / (6 * lambda))).toBeLessThan(1e-15);
    expect(relErr(majorityQuorumRepairMttf({ count: 3, mttf: 8760, mttr: 4 }), (5 * lambda + mu) / (6 * lambda * lambda))).toBeLessThan(1e-14);
    const r = majorityQuorumRepairReliability({ count: 3, mttf: 8760, mttr: 4 }, 24);
    expect(r.down).toBeGreaterThan(0);
    expect(r.down).toBeLessThan(majorityQuorumReliability({ count: 3, mttf: 8760 }, 24).down);
  });
});

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x > 0; x >>= 1) c += x & 1;
  return c;
}

describe('cold standby', () => {
  it('R(t) = Σ_{i<n} e^{−λt}(λt)^i/i! (Erlang survival), summed directly here', () => {
    for (const n of [1, 2, 3, 6]) {
      for (const t of [0.1, 50, 300, 1000]) {
        const x = t / 100;
        let term = Math.exp(-x);
        let sum = 0;
        for (let i = 0; i < n; i++) {
          sum += term;
          term *= x / (i + 1);
        }
        const r = coldStandbyReliability({ count: n, mttf: 100 }, t);
        expect(relErr(r.up, sum)).toBeLessThan(1e-13);
        expect(Math.abs(r.up + r.down - 1)).toBeLessThan(1e-15);
      }
    }
    expect(coldStandbyReliability({ count: 3, mttf: 100 }, 0)).toEqual({ up: 1, down: 0 });
  });

  it('matches the pure-death CTMC (uniformization and absorption); MTTF = n/λ', () => {
    const n = 4;
    const t: Transition[] = [];
    for (let j = 0; j < n; j++) t.push({ from: j, to: j + 1, rate: 1 / 100 });
    const Q = generator(n + 1, t);
    const p = transient(Q, [1, 0, 0, 0, 0], 250, { epsilon: 1e-30 });
    const r = coldStandbyReliability({ count: n, mttf: 100 }, 250);
    expect(relErr(r.down, p[n]!)).toBeLessThan(1e-12);
    expect(relErr(coldStandbyMttf({ count: n, mttf: 100 }), absorption(Q, [1, 0, 0, 0, 0], [n]).meanTime)).toBeLessThan(1e-14);
    expect(coldStandbyMttf({ count: n, mttf: 100 })).toBe(400);
    // Early failure of a 3-unit cold standby is P(3 failures by t) ≈ (λt)³/6: relative precision kept.
    expect(relErr(coldStandbyReliability({ count: 3, mttf: 100 }, 1e-3).down, (1e-5) ** 3 / 6)).toBeLessThan(1e-4);
  });
});

describe('hot standby', () => {
  it('is parallel: 1 − R(t) = (1 − e^{−λt})^n, and MTTF = H_n/λ (absorption on the pure-death chain)', () => {
    for (const n of [1, 2, 3, 5]) {
      const q = -Math.expm1(-30 / 100);
      const r = hotStandbyReliability({ count: n, mttf: 100 }, 30);
      expect(relErr(r.down, q ** n)).toBeLessThan(1e-14);
      expect(relErr(r.up, parallel(Array(n).fill(componentReliability({ mttf: 100 }, 30))).up)).toBeLessThan(1e-14);
      const t: Transition[] = [];
      for (let j = 0; j < n; j++) t.push({ from: j, to: j + 1, rate: (n - j) / 100 });
      const p0 = new Float64Array(n + 1);
      p0[0] = 1;
      expect(relErr(hotStandbyMttf({ count: n, mttf: 100 }), absorption(generator(n + 1, t), p0, [n]).meanTime)).toBeLessThan(1e-14);
    }
    expect(relErr(hotStandbyMttf({ count: 2, mttf: 100 }), 150)).toBeLessThan(1e-15); // 1/λ + 1/(2λ)
  });
});

describe('structure parameter validation', () => {
  it('names the offending parameter', () => {
    expectNamed(() => series([]), 'parts');
    expectNamed(() => parallel([{ up: 1.5, down: -0.5 }]), 'parts[0].up');
    expectNamed(() => series([{ up: 0.5, down: 0.4 }]), 'parts[0].down');
    expectNamed(() => seriesMttf([10, 0]), 'mttfs[1]');
    expectNamed(() => majorityQuorumSize(0), 'count');
    expectNamed(() => coldStandbyReliability({ count: 2.5, mttf: 1 }, 1), 'count');
    expectNamed(() => coldStandbyMttf({ count: 2, mttf: Infinity }), 'mttf');
    expectNamed(() => hotStandbyReliability({ count: 2, mttf: 1 }, -3), 't');
    expectNamed(() => majorityQuorumAvailability({ count: 3, mttf: 1, mttr: 1, crews: -1 }), 'crews');
  });
});
