// Leader election under partitions (docs/fault-modes.md, "Leader election", "Partitions"): a
// hand-worked sequence (5 members split 2/3 on a known schedule) under majority and naive, the
// property "never two leaders under majority", the naive split-brain closed form, and the pairs.
import { describe, expect, it } from 'vitest';
import { electionTimeLaplace, expectedElectionTime, naiveSplitBrain, naiveSplitShare } from '../../src/analytic/election.js';
import { electionClaims } from '../../src/check/electionPairs.js';
import { pairsFor } from '../../src/check/crossCheck.js';
import { publishedFor } from '../../src/check/publishedFor.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { ReloadableTychei } from '../../src/random/ReloadableTychei.js';
import { StreamDeriver, StreamKey } from '../../src/random/streams.js';
import { runScenario } from '../../src/run/runScenario.js';
import { estimateAll } from '../../src/run/summarize.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';
import { Election } from '../../src/sim/election/Election.js';
import { SidedElection } from '../../src/sim/election/SidedElection.js';
import { compile } from '../../src/sim/kernel/Plan.js';
import { bruteElection } from './electionOracle.js';

/** Five members that never fail on a full mesh; a partition cuts {0, 1} from {2, 3, 4} over [10, 15) h and [25, 30) h. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function file(policy: 'majority' | 'naive', edit: (x: any) => void = () => {}): unknown {
  const x = {
    name: 'split',
    description: 'five members that never fail, partitioned 2/3 every 10 h for 5 h',
    horizon: '28h',
    groups: { c: { count: 5, failure: { type: 'deterministic', value: '100y' }, repair: null } },
    network: { fullMesh: ['c'], link: { failure: { type: 'deterministic', value: '100y' }, repair: null } },
    services: { cp: { quorum: { coordinators: 'c' } } },
    partitions: {
      p: {
        every: { type: 'deterministic', value: '10h' },
        duration: { type: 'deterministic', value: '5h' },
        split: [['c/0', 'c/1'], ['c/2', 'c/3', 'c/4']],
      },
    },
    election: { group: 'c', policy, timeout: { min: '0.1h', max: '0.2h' }, detection: '30min', voteDelay: 0 },
  };
  edit(x);
  return x;
}

/** Runs replication `rep` as Simulation.run does, recording every change of the set of leaders (a bit mask). */
function trace(scenario: Scenario, seed: number, rep: number): { changes: [number, number][]; value: (name: string) => number } {
  const { kernel, modules } = compile(scenario);
  const election = modules.find((m): m is SidedElection => m instanceof SidedElection) as SidedElection;
  const changes: [number, number][] = [];
  election.probe = (leaders, t) => changes.push([leaders, t]);
  kernel.reset();
  for (const m of modules) m.start(new StreamDeriver(seed).replication(rep));
  kernel.services.start();
  kernel.runToHorizon(1e9);
  kernel.table.close(kernel.horizon);
  for (const m of modules) m.close(kernel.horizon, true);
  const slots = new Map(kernel.registry.quantities.map((q, i) => [q.key, i]));
  return { changes, value: (name) => kernel.values[slots.get(name) as number] as number };
}

/** The next `count` timeouts 0.1 + 0.1u of stream (election/c, timeout), replication 0 of `seed`. */
function timeouts(seed: number): () => number {
  const stream = new ReloadableTychei();
  new StreamDeriver(seed).replication(0).loadInto(new StreamKey('election/c', 'timeout'), stream);
  return () => 0.1 + 0.1 * stream.draw();
}

function earliest(next: () => number, members: number[]): { winner: number; t: number } {
  let winner = -1;
  let t = Infinity;
  for (const i of members) {
    const x = next();
    if (x < t) {
      t = x;
      winner = i;
    }
  }
  return { winner, t };
}

describe('election under partitions: a hand-worked sequence (members {0, 1} | {2, 3, 4}, cut over [10, 15) and [25, 30) h)', () => {
  it('majority: the leader on the minority side steps down at the cut; the majority side elects detection + its earliest timeout later; never two leaders', () => {
    const seed = 4;
    const next = timeouts(seed);
    // 10: leader 0 is cut off with 2 of 5 (< 3): it steps down. Side {2, 3, 4} orphaned at 10, election at 10.5.
    const { winner, t } = earliest(next, [2, 3, 4]);
    const run = trace(validateScenario(file('majority')), seed, 0);
    // 15: the heal joins {0, 1} to the leader. 25: the cut leaves the leader (on {2, 3, 4}) with a majority: nothing.
    expect(run.changes).toEqual([
      [1, 0],
      [0, 10],
      [1 << winner, 10.5 + t],
    ]);
    expect(run.value('c.leader_failures')).toBe(1);
    expect(run.value('c.elections')).toBe(1);
    expect(run.value('c.election_rounds')).toBe(1);
    expect(run.value('c.election_time')).toBeCloseTo(t, 12);
    expect(run.value('c.leader_outage_time')).toBeCloseTo(0.5 + t, 12);
    expect(run.value('c.leaderless_time')).toBeCloseTo(0.5 + t, 12);
    expect(run.value('c.split_brain_time')).toBe(0);
    expect(run.value('c.split_brains')).toBe(0);
  });

  it('naive: each side without a leader elects its own; two leaders until the heal, where the later-elected stays', () => {
    const seed = 4;
    const next = timeouts(seed);
    // 10: leader 0 keeps {0, 1}; {2, 3, 4} orphaned, elects at 10.5 + t: split brain until the heal at 15,
    // where the newer leader w stays. 25: {0, 1} has no leader, elects among 0 and 1 at 25.5 + s: split brain to the horizon, 28.
    const first = earliest(next, [2, 3, 4]);
    const second = earliest(next, [0, 1]);
    const run = trace(validateScenario(file('naive')), seed, 0);
    expect(run.changes).toEqual([
      [1, 0],
      [1 | (1 << first.winner), 10.5 + first.t],
      [1 << first.winner, 15],
      [(1 << first.winner) | (1 << second.winner), 25.5 + second.t],
    ]);
    expect(run.value('c.leader_failures')).toBe(0);
    expect(run.value('c.elections')).toBe(2);
    expect(run.value('c.leaderless_time')).toBe(0);
    expect(run.value('c.split_brains')).toBe(2);
    expect(run.value('c.split_brain_time')).toBeCloseTo(15 - (10.5 + first.t) + 28 - (25.5 + second.t), 12);
    expect(run.value('c.election_time')).toBeCloseTo(first.t + second.t, 12);
  });

  it('majority: a heal during the election restarts it for the whole group, from the same start', () => {
    // Cut over [10, 10.55) only: the election of {2, 3, 4} starts at 10.5 with a round ending after 10.6 > 10.55; at the
    // heal the side becomes {0, …, 4}: that round is cancelled and a new one among all five starts at once (10.55).
    const seed = 4;
    const next = timeouts(seed);
    earliest(next, [2, 3, 4]);
    const { winner, t } = earliest(next, [0, 1, 2, 3, 4]);
    const run = trace(validateScenario(file('majority', (x) => {
        x.partitions.p.duration.value = '0.55h';
        x.horizon = '20h';
      })), seed, 0);
    expect(run.changes).toEqual([
      [1, 0],
      [0, 10],
      [1 << winner, 10.55 + t],
    ]);
    expect(run.value('c.election_time')).toBeCloseTo(0.05 + t, 12);
  });

  it('without partitions the plain module runs (the scenario is unchanged); the file round-trips', () => {
    const plain = validateScenario(file('majority', (x) => delete x.partitions));
    expect(compile(plain).modules.some((m) => m instanceof Election)).toBe(true);
    expect(compile(plain).modules.some((m) => m instanceof SidedElection)).toBe(false);
    const s = validateScenario(file('naive'));
    expect(validateScenario(toScenarioFile(s))).toEqual(s);
    const big = file('majority', (x) => (x.groups.c.count = 31));
    expect(() => validateScenario(big)).toThrow(/election\.group: expected a group of at most 30 members when partitions can split it, got "c" of 31/);
  });
});

describe('election under partitions: never two leaders under majority, split brain under naive', () => {
  it('sims/raft-election-partition.json and a harsher variant (partitions every 10 h, crashes every 50 h): split_brain_time exactly 0 in every replication; naive > 0', () => {
    const harsh = (policy: 'majority' | 'naive') => {
      const f = toScenarioFile(loadScenario(bundledScenarioPath('raft-election-partition'))) as Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
      f['horizon'] = '2000h';
      f['grid'] = { step: '1000h' };
      f.groups.coordinators.failure = { type: 'exponential', mean: '50h' };
      f.groups.coordinators.repair = { type: 'exponential', mean: '2h' };
      f.partitions.split.every = { type: 'exponential', mean: '10h' };
      f.election.policy = policy;
      return validateScenario(f);
    };
    for (const scenario of [loadScenario(bundledScenarioPath('raft-election-partition')), harsh('majority')]) {
      const acc = runScenario(scenario, { seed: 2, replications: 40 });
      for (const metric of ['coordinators.split_brain_time', 'coordinators.split_brains']) {
        const m = acc.of(metric).moments;
        expect(m.nonzero, `${scenario.name} ${metric}`).toBe(0);
      }
    }
    const naive = runScenario(harsh('naive'), { seed: 2, replications: 40 });
    expect(naive.of('coordinators.split_brain_time').moments.nonzero).toBe(40);
  });
});

describe('election under partitions: the naive split-brain closed form', () => {
  it('E[e^{−sT}] of the election time agrees with a brute-force Monte Carlo of the rounds (splits included)', () => {
    const draw = new ReloadableTychei();
    new StreamDeriver(13).replication(0).loadInto(new StreamKey('test', 'laplace'), draw);
    for (const [m, a, b, d, s] of [[3, 0.1, 0.2, 0.03, 2], [2, 0.15, 0.3, 0.05, 1.5], [1, 0.1, 0.2, 0.05, 3]] as const) {
      const N = 50_000;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < N; i++) {
        const { time } = bruteElection(m, a, b, d, draw);
        const x = Math.exp(-s * time);
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / N;
      const se = Math.sqrt((sumSq / N - mean * mean) / N);
      expect(Math.abs(mean - electionTimeLaplace(m, a, b, d, s))).toBeLessThan(5 * se);
    }
    // First order: E[e^{−sT}] ≈ 1 − s·E[T] for small s.
    expect(electionTimeLaplace(3, 0.1, 0.2, 0.01, 1e-4)).toBeCloseTo(1 - 1e-4 * expectedElectionTime(3, 0.1, 0.2, 0.01), 9);
  });

  it('split_brain_time and split_brains within 5 standard errors of partitioned_time·E[e^{−X/d}] (4 members split 2 | 2 that never fail, 300 replications)', () => {
    // Hour-scale timeouts so that the share is visibly below 1: detection 0.5 h, timeouts 0.1–0.2 h, partitions of mean 5 h every 20 h.
    const scenario = validateScenario(
      file('naive', (x) => {
        x.horizon = '2000h';
        x.groups.c.count = 4;
        x.partitions.p.every = { type: 'exponential', mean: '20h' };
        x.partitions.p.duration = { type: 'exponential', mean: '5h' };
        x.partitions.p.split = [['c/0', 'c/1'], ['c/2', 'c/3']];
      }),
    );
    const claims = electionClaims(scenario);
    expect(claims.map((c) => c.metric)).toEqual(['c.split_brain_time', 'c.split_brains']);
    const share = naiveSplitShare(5, 0.5, [2, 2], 0.1, 0.2, 0);
    expect(share).toBeCloseTo(Math.exp(-0.5 / 5) * electionTimeLaplace(2, 0.1, 0.2, 0, 0.2), 14);
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.9);
    const acc = runScenario(scenario, { seed: 3, replications: 300 });
    const est = new Map(estimateAll(acc, 0.99).map((e) => [e.metric, e]));
    for (const c of claims) {
      const e = est.get(c.metric) as { estimate: number; stdError: number };
      expect(Math.abs(e.estimate - c.analytic), c.metric).toBeLessThan(5 * e.stdError);
    }
    expect(naiveSplitBrain(0.2, 80, share)).toEqual({ time: 0.2 * share, episodes: 80 * share });
    // Unequal sides with a share this far from 1: the alternation of sides is not exact, so no pair.
    const unequal = (hours: string) =>
      validateScenario(
        file('naive', (x) => {
          x.partitions.p.every = { type: 'exponential', mean: '20h' };
          x.partitions.p.duration = { type: 'exponential', mean: '5h' };
          x.election.timeout = { min: hours === 'h' ? '0.1h' : '150ms', max: hours === 'h' ? '0.2h' : '300ms' };
          x.election.detection = hours === 'h' ? '30min' : '1s';
        }),
      );
    expect(electionClaims(unequal('h'))).toEqual([]);
    expect(electionClaims(unequal('ms')).map((c) => c.metric)).toEqual(['c.split_brain_time', 'c.split_brains']);
  });

  it('pairs: none of the crash-only mixture under partitions; seed 000 published claim on split_brain_time', () => {
    const partition = loadScenario(bundledScenarioPath('raft-election-partition'));
    expect(electionClaims(partition)).toEqual([]); // voters are a side's; majority: no split-brain form needed (0)
    const published = publishedFor(partition, false).filter((p) => p.metric === 'split_brain_time');
    expect(published).toHaveLength(1);
    expect(published[0]?.publishedValue).toBeCloseTo(0.001 / 5, 15);
    const acc = runScenario(partition, { seed: 1, replications: 20 });
    const pair = pairsFor(partition, acc).find((p) => p.metric === 'coordinators.split_brain_time');
    expect(pair?.kind).toBe('published');
    expect(pair?.analytic).toBeCloseTo(2e-4, 15);
  });
});
