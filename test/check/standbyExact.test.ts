// The oracle's standby chain against the closed forms of standby redundancy (Trivedi 2002,
// "Probability and Statistics with Reliability, Queuing and Computer Science Applications",
// 2nd ed., ch. 8, standby redundancy; Barlow & Proschan 1975): a cold pair's life is the sum of
// two exponential lives (Erlang-2), and a repairable pair is a birth–death chain.
import { describe, expect, it } from 'vitest';
import { exactFor, exactForGroups, isExact, type ExactService } from '../../src/check/exactFor.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';

const MTTF = 100;
const lambda = 1 / MTTF;
const MTTR = 5;
const mu = 1 / MTTR;
const grid = [0, 25, 50, 100, 200, 400];

function pair(standby: Record<string, unknown>, repair: 'none' | 'crew' | 'own' = 'none', count = 2): ExactService {
  const scenario = validateScenario({
    name: 'pair',
    description: 'a standby pair',
    horizon: 400,
    grid: { times: grid },
    crews: { one: 1 },
    groups: {
      db: {
        count,
        failure: { type: 'exponential', mean: MTTF },
        ...(repair === 'none' ? {} : { repair: { type: 'exponential', mean: MTTR } }),
        ...(repair === 'crew' ? { crew: 'one' } : {}),
        standby,
      },
    },
    services: { up: { atLeast: 1, of: 'db' } },
  });
  const result = exactFor(scenario)[0];
  if (!result || !isExact(result)) throw new Error(`not exact: ${JSON.stringify(result)}`);
  return result;
}

describe('the standby chain in the oracle', () => {
  it('cold pair without repair: MTTF 2/λ and R(t) = e^{−λt}(1 + λt)', () => {
    const e = pair({ spares: 1, mode: 'cold' });
    expect(e.mttf / (2 / lambda)).toBeCloseTo(1, 12);
    grid.forEach((t, g) => expect(e.reliability[g]).toBeCloseTo(Math.exp(-lambda * t) * (1 + lambda * t), 12));
    expect(e.steadyStateAvailability).toBeNull();
  });

  it('with switch failures on demand p: R(t) = e^{−λt}(1 + (1 − p)λt), MTTF (2 − p)/λ', () => {
    const p = 0.2;
    const e = pair({ spares: 1, mode: 'cold', switchFailure: p });
    expect(e.mttf / ((2 - p) / lambda)).toBeCloseTo(1, 12);
    grid.forEach((t, g) => expect(e.reliability[g]).toBeCloseTo(Math.exp(-lambda * t) * (1 + (1 - p) * lambda * t), 12));
  });

  it('warm pair (dormant rate φλ): R(t) = e^{−λt}(1 + (1 − e^{−φλt})/φ), MTTF 1/((1 + φ)λ) + 1/λ; hot: 3/(2λ)', () => {
    const phi = 0.25;
    const warm = pair({ spares: 1, mode: 'warm', dormantFactor: phi });
    expect(warm.mttf / (1 / ((1 + phi) * lambda) + 1 / lambda)).toBeCloseTo(1, 12);
    grid.forEach((t, g) => expect(warm.reliability[g]).toBeCloseTo(Math.exp(-lambda * t) * (1 + (1 - Math.exp(-phi * lambda * t)) / phi), 12));
    // A hot spare is an active parallel component: the parallel pair's 1/(2λ) + 1/λ.
    expect(pair({ spares: 1, mode: 'hot' }).mttf / (3 / (2 * lambda))).toBeCloseTo(1, 12);
  });

  it('cold pair, one repairer: A = (1 + ρ)/(1 + ρ + ρ²), MTTF (2λ + μ)/λ²; two repairers: A = (1 + ρ)/(1 + ρ + ρ²/2)', () => {
    // Birth–death chain 0 ⇄ 1 ⇄ 2 with up rates λ, λ and down rates μ, μ (one repairer) or μ, 2μ:
    // π1 = ρπ0, π2 = ρ²π0 (or ρ²/2·π0), and the pair is up in 0 and 1.
    const rho = lambda / mu;
    const one = pair({ spares: 1, mode: 'cold' }, 'crew');
    expect(one.steadyStateAvailability).toBeCloseTo((1 + rho) / (1 + rho + rho * rho), 14);
    expect(one.mttf / ((2 * lambda + mu) / (lambda * lambda))).toBeCloseTo(1, 10);
    const own = pair({ spares: 1, mode: 'cold' }, 'own');
    expect(own.steadyStateAvailability).toBeCloseTo((1 + rho) / (1 + rho + (rho * rho) / 2), 14);
  });

  it('an exponential switch-over of rate σ: the pair is down for it, A from the 5-state chain by hand', () => {
    const sigma = 1 / 0.5;
    const e = pair({ spares: 1, mode: 'cold', switchover: { type: 'exponential', mean: 0.5 } }, 'crew');
    // States (d, s), d down and s switching in: (0,0) and (1,0) up; (1,1) and (0,1) switching
    // (down; (0,1): the failed one repaired during the switch-over), (2,0) both down. Balance,
    // one repairer, no switch failure, a = π(0,0) = 1:
    //   (1,1): (σ + μ)b = λa;  (0,1): σx = μb;  (1,0): (λ + μ)c = σb + μd;  (2,0): μd = λc,
    // so c = σb/μ (and (0,0): λa = σx + μc holds).
    const a = 1;
    const b = (lambda * a) / (sigma + mu);
    const x = (mu * b) / sigma;
    const c = (sigma * b) / mu;
    const d = (lambda * c) / mu;
    expect(e.steadyStateAvailability).toBeCloseTo((a + c) / (a + b + c + d + x), 12);
  });

  it('says why a fixed switch-over is not exact, and gives group values for standby groups', () => {
    const scenario = validateScenario({
      name: 'fixed',
      description: 'a fixed switch-over',
      horizon: 400,
      groups: { db: { count: 2, failure: { type: 'exponential', mean: MTTF }, repair: { type: 'exponential', mean: MTTR }, standby: { spares: 1, mode: 'cold', switchover: '5min' } } },
      services: { up: { atLeast: 1, of: 'db' } },
    });
    expect(exactFor(scenario)[0]).toMatchObject({ reason: expect.stringMatching(/switchover is deterministic, not exponential: .* not memoryless/) });
    expect(exactForGroups(scenario)).toEqual([]);
    const shared = validateScenario({
      name: 'shared',
      description: 'a crew shared with a standby group',
      horizon: 400,
      crews: { one: 1 },
      groups: {
        db: { count: 2, failure: { type: 'exponential', mean: MTTF }, repair: { type: 'exponential', mean: MTTR }, crew: 'one', standby: { spares: 1, mode: 'cold' } },
        web: { failure: { type: 'exponential', mean: MTTF }, repair: { type: 'exponential', mean: MTTR }, crew: 'one' },
      },
      services: { up: { atLeast: 1, of: 'db' } },
    });
    expect(exactFor(shared)[0]).toMatchObject({ reason: expect.stringMatching(/crew one is shared with the standby group db/) });
    const cold = validateScenario({ name: 'c', description: 'c', horizon: 400, groups: { db: { count: 2, failure: { type: 'exponential', mean: MTTF }, standby: { spares: 1, mode: 'cold', switchFailure: 0.2 } } }, services: { up: { atLeast: 1, of: 'db' } } });
    const [g] = exactForGroups(cold);
    // Without repair: one active failure, then the spare (switch failure 0.2, else a second active failure by 400 h).
    expect(g?.standby?.switchFailures).toBeCloseTo(0.2 * (1 - Math.exp(-lambda * 400)), 10);
  });
});
