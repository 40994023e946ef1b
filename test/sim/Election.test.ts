// Leader election (docs/fault-modes.md, "Leader election"): the schema fragment and its errors, a hand-worked
// event sequence, the simulated election against the closed forms of analytic/election.ts, and
// those closed forms against a brute-force Monte Carlo of the same rounds.
import { describe, expect, it } from 'vitest';
import { birthDeathPassage, electionMixture, expectedElectionRounds, expectedElectionTime, leaderAvailability, splitVoteProbability, unavailabilityPerLeaderFailure } from '../../src/analytic/election.js';
import { electionClaims } from '../../src/check/electionPairs.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { ReloadableTychei } from '../../src/random/ReloadableTychei.js';
import { StreamDeriver, StreamKey } from '../../src/random/streams.js';
import { runScenario } from '../../src/run/runScenario.js';
import { estimateAll } from '../../src/run/summarize.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';
import { Election } from '../../src/sim/election/Election.js';
import { compile } from '../../src/sim/kernel/Plan.js';
import { bruteElection } from './electionOracle.js';
import { mulberry32 } from '../support/helpers.js';


// eslint-disable-next-line @typescript-eslint/no-explicit-any
function file(edit: (x: any) => void = () => {}): unknown {
  const x = {
    name: 'election',
    description: 'three coordinators, all failing at 10 h and repaired at 11 h',
    horizon: '12h',
    groups: { coordinators: { count: 3, failure: { type: 'deterministic', value: '10h' }, repair: { type: 'deterministic', value: '1h' } } },
    services: { quorum: { atLeast: 2, of: 'coordinators' } },
    election: { group: 'coordinators', timeout: { min: '0.1h', max: '0.2h' }, detection: '30min', voteDelay: 0 },
  };
  edit(x);
  return x;
}

function problems(input: unknown): string {
  try {
    validateScenario(input);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** Runs replication `rep` as Simulation.run does, recording every leader change. */
function trace(scenario: Scenario, seed: number, rep: number): { changes: [number, number][]; value: (name: string) => number } {
  const { kernel, modules } = compile(scenario);
  const election = modules.find((m): m is Election => m instanceof Election) as Election;
  const changes: [number, number][] = [];
  election.probe = (leader, t) => changes.push([leader, t]);
  kernel.reset();
  for (const m of modules) m.start(new StreamDeriver(seed).replication(rep));
  kernel.services.start();
  kernel.runToHorizon(1e9);
  kernel.table.close(kernel.horizon);
  for (const m of modules) m.close(kernel.horizon, true);
  const slots = new Map(kernel.registry.quantities.map((q, i) => [q.key, i]));
  return { changes, value: (name) => kernel.values[slots.get(name) as number] as number };
}

describe('election: schema and validation', () => {
  it('resolves durations to hours, the policy to majority by default, and round-trips through toScenarioFile', () => {
    const s = validateScenario(file());
    expect(s.election).toEqual({ group: 'coordinators', policy: 'majority', timeout: { min: 0.1, max: 0.2 }, detection: 0.5, voteDelay: 0 });
    expect(validateScenario(toScenarioFile(s))).toEqual(s);
    const bundled = loadScenario(bundledScenarioPath('raft-election'));
    expect(validateScenario(toScenarioFile(bundled))).toEqual(bundled);
  });

  it('a scenario without an election resolves without the field', () => {
    expect('election' in validateScenario(file((x) => delete x.election))).toBe(false);
  });

  it('names the path and the value of each bad field', () => {
    expect(problems(file((x) => (x.election.group = 'nobody')))).toContain('election.group: expected the name of a component group, got "nobody"');
    expect(problems(file((x) => (x.election.timeout = { min: '300ms', max: '150ms' })))).toContain('election.timeout.max: expected at least timeout.min ("300ms"), got "150ms"');
    expect(problems(file((x) => (x.election.voteDelay = '0.1h')))).toContain('election.voteDelay: expected less than timeout.max − timeout.min (else every round of two or more voters splits), got "0.1h"');
    expect(problems(file((x) => (x.election.policy = 'raft')))).toMatch(/election\.policy/);
    expect(problems(file((x) => (x.election.detection = '-1s')))).toMatch(/election\.detection: expected a non-negative/);
    expect(problems(file((x) => (x.election.timeout.min = 0)))).toMatch(/election\.timeout\.min: expected a positive/);
    expect(problems(file((x) => (x.election.extra = 1)))).toMatch(/election/);
  });
});

describe('election: a hand-worked event sequence', () => {
  it('waits for a majority, then one round among the two members back: the earliest timeout wins', () => {
    // At 10 h the three fail (leader 0 first): no leader from 10. Detection at 10.5: 0 alive < 2, wait.
    // At 11 the repairs: member 0 back (1 alive), member 1 back (2 alive): a round at 11 with voters
    // 0 and 1, their timeouts 0.1 + 0.1u from stream (election/coordinators, timeout), in that order.
    const seed = 3;
    const stream = new ReloadableTychei();
    new StreamDeriver(seed).replication(0).loadInto(new StreamKey('election/coordinators', 'timeout'), stream);
    const t0 = 0.1 + 0.1 * stream.draw();
    const t1 = 0.1 + 0.1 * stream.draw();
    const winner = t0 < t1 ? 0 : 1;
    const win = 11 + Math.min(t0, t1);
    const { changes, value } = trace(validateScenario(file()), seed, 0);
    expect(changes).toEqual([
      [0, 0],
      [-1, 10],
      [winner, win],
    ]);
    expect(value('coordinators.leader_failures')).toBe(1);
    expect(value('coordinators.elections')).toBe(1);
    expect(value('coordinators.election_rounds')).toBe(1);
    expect(value('coordinators.leaderless_time')).toBeCloseTo(win - 10, 12);
    expect(value('coordinators.leader_outage_time')).toBeCloseTo(win - 10, 12);
    expect(value('coordinators.election_time')).toBeCloseTo(win - 10.5, 12);
  });

  it('a leader left without a majority steps down at once under majority, and keeps leading under naive', () => {
    // A shock at 5 h fails coordinators 1 and 2 (repaired at 6 h); the leader 0 stays up, alone.
    // Majority: it steps down at 5 (a leader failure); detection at 5.5 finds 1 < 2 up: wait; at 6
    // member 1's repair makes two up (member 2's comes after it, at the same instant): a round of
    // voters 0 and 1, the earliest wins. All fail at 10; at 11 voters 0 and 1 again.
    const seed = 4;
    const shocked = (x: { shocks?: unknown }) => (x.shocks = { rack: { every: { type: 'deterministic', value: '5h' }, members: ['coordinators/1', 'coordinators/2'] } });
    const stream = new ReloadableTychei();
    new StreamDeriver(seed).replication(0).loadInto(new StreamKey('election/coordinators', 'timeout'), stream);
    const t = [0, 1, 2, 3].map(() => 0.1 + 0.1 * stream.draw());
    const [a0, a1, b0, b1] = t as [number, number, number, number];
    const majority = trace(validateScenario(file(shocked)), seed, 0);
    expect(majority.changes).toEqual([
      [0, 0],
      [-1, 5],
      [a0 < a1 ? 0 : 1, 6 + Math.min(a0, a1)],
      [-1, 10],
      [b0 < b1 ? 0 : 1, 11 + Math.min(b0, b1)],
    ]);
    expect(majority.value('coordinators.leader_failures')).toBe(2);
    // Naive needs one member: the lone leader keeps leading until the deterministic failures at 10 h.
    const naive = trace(validateScenario(file((x) => (shocked(x), (x.election.policy = 'naive')))), seed, 0);
    expect(naive.changes.slice(0, 2)).toEqual([
      [0, 0],
      [-1, 10],
    ]);
  });

  it('a split round starts the next at its earliest timeout; naive needs one member alive', () => {
    // naive: the election starts at detection, 10.5, but all three are down until 11: it waits, then
    // the first restore (member 0, alone) starts a round of one voter, which cannot split.
    const seed = 5;
    const stream = new ReloadableTychei();
    new StreamDeriver(seed).replication(0).loadInto(new StreamKey('election/coordinators', 'timeout'), stream);
    const t = 0.1 + 0.1 * stream.draw();
    const naive = trace(validateScenario(file((x) => (x.election.policy = 'naive'))), seed, 0);
    expect(naive.changes).toEqual([
      [0, 0],
      [-1, 10],
      [0, 11 + t],
    ]);
    // Majority with a split window of 0.09 h: rounds of voters {0, 1} repeat while |t0 − t1| < 0.09.
    const split = new ReloadableTychei();
    new StreamDeriver(seed).replication(0).loadInto(new StreamKey('election/coordinators', 'timeout'), split);
    let at = 11;
    let rounds = 0;
    let winner = -1;
    while (winner < 0 && at < 12) {
      const a = 0.1 + 0.1 * split.draw();
      const b = 0.1 + 0.1 * split.draw();
      at += Math.min(a, b);
      rounds++;
      if (!(Math.abs(a - b) < 0.09) && at <= 12) winner = a < b ? 0 : 1;
    }
    const run = trace(validateScenario(file((x) => (x.election.voteDelay = '0.09h'))), seed, 0);
    expect(run.changes).toEqual(winner < 0 ? [[0, 0], [-1, 10]] : [[0, 0], [-1, 10], [winner, at]]);
    expect(rounds).toBeGreaterThan(1); // this seed splits at least once (else the case tests nothing)
  });
});

describe('election: closed forms', () => {
  const a = 0.15;
  const b = 0.3;
  const delta = 0.01;

  it('the worked values', () => {
    expect(splitVoteProbability(4, a, b, delta)).toBeCloseTo(1 - (14 / 15) ** 4, 14);
    expect(splitVoteProbability(1, a, b, delta)).toBe(0);
    expect(expectedElectionTime(1, a, b, delta)).toBeCloseTo(0.225, 14);
    expect(expectedElectionTime(4, a, b, delta)).toBeCloseTo(0.18 / (14 / 15) ** 4, 14);
    expect(unavailabilityPerLeaderFailure(1, 4, a, b, delta)).toBeCloseTo(1 + 0.18 / (14 / 15) ** 4, 14);
    expect(leaderAvailability(500 * 3600, 1, 4, a, b, delta)).toBeCloseTo(1 - (1 + 0.18 / (14 / 15) ** 4) / (500 * 3600), 12);
    expect(() => expectedElectionTime(4, a, b, b - a)).toThrow(/delta/);
    expect(() => expectedElectionTime(0, a, b, delta)).toThrow(/m/);
  });

  it('agree with a brute-force Monte Carlo of the rounds (Wald: E[N]·E[U(1)] though a round\'s length and split are dependent)', () => {
    const draw = new ReloadableTychei();
    new StreamDeriver(11).replication(0).loadInto(new StreamKey('test', 'election'), draw);
    for (const [m, d] of [[2, 0.05], [4, 0.01], [5, 0.04]] as const) {
      const N = 100_000;
      let sum = 0;
      let sumSq = 0;
      let rounds = 0;
      for (let i = 0; i < N; i++) {
        const one = bruteElection(m, a, b, d, draw);
        const time = one.time;
        rounds += one.rounds;
        sum += time;
        sumSq += time * time;
      }
      const mean = sum / N;
      const se = Math.sqrt((sumSq / N - mean * mean) / N);
      expect(Math.abs(mean - expectedElectionTime(m, a, b, d))).toBeLessThan(5 * se);
      // Rounds: geometric with mean r, variance (r − 1)·r; 5 standard errors.
      const r = expectedElectionRounds(m, a, b, d);
      expect(Math.abs(rounds / N - r)).toBeLessThan(5 * Math.sqrt(((r - 1) * r) / N));
    }
  });
});

describe('election: the mixture over voters (the pairs in check)', () => {
  it('the birth–death passage agrees with the first-step equations solved directly', () => {
    // h(u) = 1/(b_u + d_u) + (b_u h(u + 1) + d_u h(u − 1))/(b_u + d_u), h(need) = 0, b_u = (n − u)μ, d_u = uλ: Gaussian elimination.
    for (const [n, need, mttf, mttr] of [[5, 3, 500, 1], [7, 4, 3, 2], [3, 1, 10, 5]] as const) {
      const size = need;
      const M = Array.from({ length: size }, () => new Array<number>(size + 1).fill(0));
      for (let u = 0; u < size; u++) {
        const b = (n - u) / mttr;
        const d = u / mttf;
        const row = M[u] as number[];
        row[u] = b + d;
        if (u + 1 < size) row[u + 1] = -b;
        if (u > 0) row[u - 1] = -d;
        row[size] = 1;
      }
      for (let i = 0; i < size; i++) {
        const pivot = M[i] as number[];
        for (let j = i + 1; j < size; j++) {
          const r = M[j] as number[];
          const f = (r[i] as number) / (pivot[i] as number);
          for (let c = i; c <= size; c++) r[c] = (r[c] as number) - f * (pivot[c] as number);
        }
      }
      const h = new Array<number>(size).fill(0);
      for (let i = size - 1; i >= 0; i--) {
        const r = M[i] as number[];
        let v = r[size] as number;
        for (let c = i + 1; c < size; c++) v -= (r[c] as number) * (h[c] as number);
        h[i] = v / (r[i] as number);
      }
      for (let k = 0; k < need; k++) expect(birthDeathPassage(n, k, need, mttf, mttr)).toBeCloseTo(h[k] as number, 10);
    }
  });

  it('weighs the voters by their law from crash to crash (the old leader is down at the term\'s start), against a direct simulation of the members', () => {
    // MTTF 500 h, MTTR 20 h: others are often down, so every k is seen. Term by term: the leader
    // lives L ~ exp(1/500); each non-leader alternates (up exp(500), down exp(20)) from its state at
    // the start; at the crash k others are up; with k < 3 the group (the old leader included)
    // moves until 3 are up; the next leader is an up member, the old leader a down non-leader.
    const next = mulberry32(21);
    const exp = (mean: number) => -mean * Math.log(1 - next());
    const n = 5;
    const need = 3;
    const counts = new Array<number>(n).fill(0);
    let others = [true, true, true, true];
    const terms = 200_000;
    for (let term = 0; term < terms; term++) {
      const L = exp(500);
      others = others.map((up) => {
        let t = 0;
        let state = up;
        for (;;) {
          t += exp(state ? 500 : 20);
          if (t > L) return state;
          state = !state;
        }
      });
      const k = others.filter((x) => x).length;
      counts[k]! += 1;
      // The group after the crash: the old leader down, then (k < need) moves until `need` are up.
      const group = [...others, false];
      while (group.filter((x) => x).length < need) {
        const rates = group.map((up) => (up ? 1 / 500 : 1 / 20));
        let u = next() * rates.reduce((x, y) => x + y, 0);
        const i = rates.findIndex((r) => (u -= r) < 0);
        group[i] = !group[i];
      }
      const leader = group.indexOf(true);
      others = group.filter((_, i) => i !== leader);
    }
    const mix = electionMixture({ n, need, mttf: 500, mttr: 20 }, 1 / 3600, 0.15 / 3600, 0.3 / 3600, 0.01 / 3600);
    expect(mix.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
    mix.weights.forEach((w, k) => {
      const p = (counts[k] as number) / terms;
      expect(Math.abs(p - w), `k = ${k}`).toBeLessThan(5 * Math.sqrt((w * (1 - w)) / terms) + 1e-9);
    });
    // The stationary binomial is visibly wrong here: the old leader is down at the next crash about twice as often.
    const A = 500 / 520;
    expect(Math.abs(4 * A ** 3 * (1 - A) - (mix.weights[3] as number))).toBeGreaterThan(10 * Math.sqrt(((mix.weights[3] as number) * (1 - (mix.weights[3] as number))) / terms));
  });

  it('is the m = n − 1 form when nobody else is ever down, and weighs in the wait for a majority', () => {
    const h = 3600;
    const mix = electionMixture({ n: 5, need: 3, mttf: 500, mttr: 1 }, 1 / h, 0.15 / h, 0.3 / h, 0.01 / h);
    const w = mix.weights as number[];
    const wait = w[2]! * birthDeathPassage(5, 2, 3, 500, 1) + w[1]! * birthDeathPassage(5, 1, 3, 500, 1) + w[0]! * birthDeathPassage(5, 0, 3, 500, 1);
    const rounds = w[4]! * expectedElectionRounds(4, 0.15, 0.3, 0.01) + (1 - w[4]!) * expectedElectionRounds(3, 0.15, 0.3, 0.01);
    expect(mix.rounds).toBeCloseTo(rounds, 12);
    const time = w[4]! * expectedElectionTime(4, 0.15, 0.3, 0.01) + (1 - w[4]!) * expectedElectionTime(3, 0.15, 0.3, 0.01) + wait * h;
    expect(mix.electionTime * h).toBeCloseTo(time, 10);
    // The wait for a repair is 17 % of the mean with 1 h repairs (why raft-election restarts in 6
    // min): 0.2848 s, not 0.2372 s (an independent simulation of 10⁶ crashes gave 0.2371 + 0.0477 s).
    expect(mix.electionTime * h).toBeCloseTo(0.28482, 4);
    const never = electionMixture({ n: 5, need: 3, mttf: 500, mttr: 1e-12 }, 1 / h, 0.15 / h, 0.3 / h, 0.01 / h);
    expect(never.electionTime * h).toBeCloseTo(expectedElectionTime(4, 0.15, 0.3, 0.01), 9);
    expect(never.leaderAvailability).toBeCloseTo(leaderAvailability(500 * h, 1, 4, 0.15, 0.3, 0.01), 12);
  });

  it('pairs only where the mixture is exact', () => {
    const bundled = loadScenario(bundledScenarioPath('raft-election'));
    expect(electionClaims(bundled).map((c) => c.metric)).toEqual([
      'coordinators.election_rounds',
      'coordinators.election_time',
      'coordinators.unavailability_per_failure',
      'coordinators.leader_availability',
      'coordinators.leader_failures',
    ]);
    expect(electionClaims(validateScenario(file()))).toEqual([]); // deterministic laws
  });
});

describe('election: the simulation against the closed forms (sims/raft-election.json, seed 1, 400 replications)', () => {
  it('mean election time, rounds, unavailability per failure and leader availability within 5 standard errors', () => {
    const scenario = loadScenario(bundledScenarioPath('raft-election'));
    const acc = runScenario(scenario, { seed: 1, replications: 400 });
    const est = new Map(estimateAll(acc, 0.99).map((e) => [e.metric, e]));
    const get = (name: string): { estimate: number; stdError: number } => est.get(name) as { estimate: number; stdError: number };
    // The pairs of `check` (electionClaims: the mixture over the voters, electionMixture).
    for (const c of electionClaims(scenario)) {
      const e = get(c.metric);
      expect(Math.abs(e.estimate - c.analytic), c.metric).toBeLessThan(5 * e.stdError);
    }
  });
});
