// One repairable component: each closed form against the CTMC toolkit (a second derivation) and
// numerical integration.
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { expectedTimeIn } from '../../src/analytic/ctmc/expectedTimeIn.js';
import { generator } from '../../src/analytic/ctmc/generator.js';
import { steadyState } from '../../src/analytic/ctmc/steadyState.js';
import { transient } from '../../src/analytic/ctmc/transient.js';
import {
  componentExpectedDowntime,
  componentExpectedFailures,
  componentIntervalAvailability,
  componentIntervalReliability,
  componentPointAvailability,
  componentReliability,
  componentSteadyAvailability,
  type RepairableComponent,
  type StartState,
} from '../../src/analytic/repairableComponent.js';

const components: RepairableComponent[] = [
  { mttf: 8760, mttr: 4 }, // seed 000's coordinator
  { mttf: 50, mttr: 5 },
  { mttf: 2, mttr: 3 },
];
const starts: StartState[] = ['up', 'down'];

/** The two-state chain, state 0 up, 1 down. */
function chain(c: RepairableComponent) {
  return generator(2, [
    { from: 0, to: 1, rate: 1 / c.mttf },
    { from: 1, to: 0, rate: 1 / c.mttr },
  ]);
}
const p0 = (start: StartState): number[] => (start === 'up' ? [1, 0] : [0, 1]);

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** Composite Simpson on [a, b] with `panels` (even) panels. */
function simpsonOn(f: (t: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let s = f(a) + f(b);
  for (let i = 1; i < panels; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** ∫₀ᵀ f for an integrand whose transient lives on the scale 1/(λ+μ) of component c. */
function integrate(f: (t: number) => number, T: number, c: RepairableComponent): number {
  const knee = Math.min(T, 40 / (1 / c.mttf + 1 / c.mttr));
  return simpsonOn(f, 0, knee, 4000) + (T > knee ? simpsonOn(f, knee, T, 4000) : 0);
}

describe('repairable component', () => {
  it('R(t) = e^{−λt}: seed 000 coordinator, 24 h', () => {
    const r = componentReliability({ mttf: 8760 }, 24);
    expect(relErr(r.up, Math.exp(-24 / 8760))).toBeLessThan(1e-15);
    expect(relErr(r.down, 1 - Math.exp(-24 / 8760))).toBeLessThan(1e-12);
    expect(componentReliability({ mttf: 1 }, 1e-20).down).toBe(1e-20);
  });

  it('steady-state A = MTTF/(MTTF+MTTR) agrees with GTH on the two-state chain', () => {
    for (const c of components) {
      const a = componentSteadyAvailability(c);
      const pi = steadyState(chain(c));
      expect(relErr(a.up, pi[0]!)).toBeLessThan(1e-15);
      expect(relErr(a.down, pi[1]!)).toBeLessThan(1e-14);
    }
    expect(componentSteadyAvailability({ mttf: 8760, mttr: 4 }).down).toBe(4 / 8764);
  });

  it('point availability from either start agrees with uniformization', () => {
    for (const c of components) {
      for (const start of starts) {
        for (const t of [0, 0.01, 1, 7, 100, 20000]) {
          const a = componentPointAvailability(c, t, start);
          const p = transient(chain(c), p0(start), t);
          expect(Math.abs(a.up - p[0]!)).toBeLessThan(1e-14);
          expect(Math.abs(a.down - p[1]!)).toBeLessThan(1e-14);
          if (a.down > 0) expect(relErr(a.down, p[1]!)).toBeLessThan(1e-10);
        }
      }
    }
  });

  it('expected interval availability agrees with the uniformized integral and with Simpson', () => {
    for (const c of components) {
      for (const start of starts) {
        for (const T of [1e-7, 0.5, 24, 8760]) {
          const ia = componentIntervalAvailability(c, T, start);
          // Uniformization's error is absolute (≤ ε·T); a tiny ε makes it relative for U ≈ 1e-12.
          const opts = { epsilon: 1e-40 };
          expect(relErr(ia.down, expectedTimeIn(chain(c), p0(start), T, [1], opts) / T)).toBeLessThan(1e-11);
          expect(relErr(ia.up, expectedTimeIn(chain(c), p0(start), T, [0], opts) / T)).toBeLessThan(1e-11);
          const numeric = integrate((t) => componentPointAvailability(c, t, start).down, T, c) / T;
          expect(relErr(ia.down, numeric)).toBeLessThan(1e-9);
          expect(Math.abs(ia.up + ia.down - 1)).toBeLessThan(1e-15);
        }
      }
    }
  });

  it('interval unavailability keeps relative precision for a tiny window (series branch)', () => {
    // From up, U(t) ≈ λt for small t, so the mean over [0, T] is λT/2 − (λ+μ)λT²/6 + …
    const c = { mttf: 8760, mttr: 4 };
    const T = 1e-6;
    const lambda = 1 / 8760;
    const s = lambda + 1 / 4;
    expect(relErr(componentIntervalAvailability(c, T).down, (lambda * T) / 2 - (s * lambda * T * T) / 6)).toBeLessThan(1e-14);
  });

  it('interval reliability A(t)e^{−λw} agrees with a chain whose down state absorbs after t', () => {
    for (const c of components) {
      for (const start of starts) {
        const t = 3;
        const w = 5;
        const at = transient(chain(c), p0(start), t);
        // Second derivation: from the distribution at t, make "down" absorbing for the window w.
        const absorbingDown = generator(2, [{ from: 0, to: 1, rate: 1 / c.mttf }]);
        const after = transient(absorbingDown, [at[0]!, 0].map((v, i) => (i === 1 ? 1 - at[0]! : v)), w);
        const ir = componentIntervalReliability(c, t, w, start);
        expect(relErr(ir.up, after[0]!)).toBeLessThan(1e-12);
        expect(relErr(ir.down, after[1]!)).toBeLessThan(1e-12);
      }
    }
  });

  it('expected failures λ∫A and expected downtime ∫U agree with the toolkit, Simpson, and the renewal rate', () => {
    for (const c of components) {
      for (const start of starts) {
        for (const T of [0.3, 24, 8760]) {
          const failures = componentExpectedFailures(c, T, start);
          const downtime = componentExpectedDowntime(c, T, start);
          expect(relErr(failures, expectedTimeIn(chain(c), p0(start), T, [0]) / c.mttf)).toBeLessThan(1e-11);
          expect(relErr(downtime, expectedTimeIn(chain(c), p0(start), T, [1]))).toBeLessThan(1e-11);
          const numeric = integrate((t) => componentPointAvailability(c, t, start).up / c.mttf, T, c);
          expect(relErr(failures, numeric)).toBeLessThan(1e-9);
        }
      }
      // Over a long horizon failures come once per cycle of mean MTTF + MTTR (renewal reward).
      expect(relErr(componentExpectedFailures(c, 1e7 * (c.mttf + c.mttr)), 1e7)).toBeLessThan(1e-6);
    }
    expect(componentExpectedFailures(components[0]!, 0)).toBe(0);
    expect(componentExpectedDowntime(components[0]!, 0, 'down')).toBe(0);
  });

  it('validates its parameters, naming them', () => {
    const names: [() => unknown, string][] = [
      [() => componentReliability({ mttf: 0 }, 1), 'mttf'],
      [() => componentReliability({ mttf: 1 }, -1), 't'],
      [() => componentPointAvailability({ mttf: 1, mttr: NaN }, 1), 'mttr'],
      [() => componentPointAvailability({ mttf: 1, mttr: 1 }, 1, 'sideways' as StartState), 'start'],
      [() => componentIntervalAvailability({ mttf: 1, mttr: 1 }, 0), 'T'],
      [() => componentIntervalReliability({ mttf: 1, mttr: 1 }, 1, Infinity), 'w'],
      [() => componentExpectedFailures({ mttf: 1, mttr: 1 }, -2), 'T'],
      [() => componentExpectedDowntime({ mttf: -1, mttr: 1 }, 2), 'mttf'],
    ];
    for (const [fn, name] of names) {
      expect(fn).toThrow(FaultlineError);
      expect(fn).toThrow(new RegExp(`^${name}: expected`));
    }
  });
});
