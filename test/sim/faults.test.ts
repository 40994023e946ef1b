// Byzantine faults and partitions (docs/fault-modes.md, "Byzantine faults", "Partitions and CAP"): the schema
// fragments and their errors, hand-worked event sequences with deterministic laws, the fast path
// untouched, and statistical checks against the product-form binomials and the renewal fraction.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, type Pair } from '../../src/check/crossCheck.js';
import { exactFor, isExact } from '../../src/check/exactFor.js';
import { faultClaims } from '../../src/check/faultPairs.js';
import { Moments } from '../../src/stats/Moments.js';
import { normalQuantile } from '../../src/math/normal.js';

import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';


// Each statistical check below is two-sided at 99.9%.
const Z = normalQuantile(1 - 0.001 / 2);
const det = (value: string) => ({ type: 'deterministic', value });
const exp = (mean: string) => ({ type: 'exponential', mean });

/** Four replicas (f = 1); replica 0 honest 10 h, byzantine 5 h, over and over; crashes after the horizon. */
function bft(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    name: 'bft-test',
    description: 'four replicas, one of which turns byzantine',
    horizon: '100h',
    grid: { step: '50h' },
    groups: {
      nodes: { count: 4, failure: det('1000h'), repair: det('1h'), byzantine: { failure: det('10h'), repair: det('5h'), count: 1 } },
    },
    services: { pbft: { bft: { of: 'nodes' } }, raft: { atLeast: 'majority', of: 'nodes' } },
  };
  edit(s);
  return s;
}

/** Three nodes on a full mesh; a partition isolates nodes/0 for 5 h every 10 h. */
function cap(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    name: 'cap-test',
    description: 'three replicas, one cut off now and then',
    horizon: '100h',
    grid: { step: '50h' },
    groups: { nodes: { kind: 'coordinator', count: 3, failure: det('1000h'), repair: det('1h') } },
    network: { fullMesh: ['nodes'], link: { failure: det('1000h'), repair: det('1h') } },
    services: { cp: { quorum: { coordinators: 'nodes' } }, ap: { atLeast: 1, of: 'nodes' }, mesh: { connected: ['nodes'] } },
    partitions: { split: { every: det('10h'), duration: det('5h'), split: [['nodes/0'], ['nodes/1', 'nodes/2']] } },
  };
  edit(s);
  return s;
}

const bundled = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`../../sims/${name}.json`, import.meta.url), 'utf8'));

const problemsOf = (input: unknown): string[] => {
  try {
    validateScenario(input);
  } catch (error) {
    return (error as { problems?: string[] }).problems ?? [(error as Error).message];
  }
  return [];
};

/** One replication's values by quantity key, and its service records. */
function once(input: Record<string, any>, seed = 1, rep = 0) {
  const sim = new Simulation(validateScenario(input));
  const record = sim.replicate(seed, rep);
  const value = (key: string) => {
    const i = sim.registry.quantities.findIndex((q) => q.key === key);
    if (i < 0) throw new Error(`no quantity ${key}: ${sim.registry.quantities.map((q) => q.key).join(', ')}`);
    return sim.values[i] as number;
  };
  return { value, record };
}

describe('byzantine: schema', () => {
  it('resolves the law into scenario.byzantine (absent without one) and round-trips', () => {
    const s = validateScenario(bft());
    expect(s.byzantine).toEqual([{ group: 'nodes', count: 1, failure: { type: 'deterministic', value: 10 }, repair: { type: 'deterministic', value: 5 }, path: 'groups.nodes.byzantine' }]);
    expect(s.services.find((x) => x.name === 'pbft')).toEqual({ name: 'pbft', gate: 'bft', group: 'nodes', f: 1 });
    expect(validateScenario(toScenarioFile(s))).toEqual(s);
    expect('byzantine' in validateScenario(bft((x) => delete x['groups'].nodes.byzantine))).toBe(false);
  });

  it('names the path and the value of a bad count, f and law', () => {
    expect(problemsOf(bft((x) => (x['groups'].nodes.byzantine.count = 5)))).toEqual(["groups.nodes.byzantine.count: expected at most the group's count (4), got 5"]);
    expect(problemsOf(bft((x) => (x['services'].pbft.bft.f = 2)))).toEqual(['services.pbft.bft.f: expected n ≥ 3f + 1 replicas (PBFT; nodes has 4), got 2 (3f + 1 = 7)']);
    expect(problemsOf(bft((x) => (x['groups'].nodes.byzantine.repair = { type: 'exponential', mean: -1 })))[0]).toMatch(/^groups\.nodes\.byzantine\.repair\.mean: expected a positive duration .*, got -1$/);
    expect(problemsOf(bft((x) => (x['services'].pbft.bft.of = 'ghosts')))).toEqual(['services.pbft.bft.of: expected the name of a group, got "ghosts"']);
  });
});

describe('byzantine: hand-worked sequences', () => {
  it('replica 0 byzantine over [10, 15), [25, 30), …, [85, 90): 30 h wrong under the crash majority, none under bft', () => {
    const { value, record } = once(bft());
    expect(value('raft.wrong_answer_time')).toBeCloseTo(30, 9);
    expect(value('pbft.wrong_answer_time')).toBe(0);
    // A byzantine replica is still up for crash gates, and bft keeps 3 honest replicas: both always up.
    expect(record.services['raft']?.downtime).toBe(0);
    expect(record.services['pbft']?.downtime).toBe(0);
  });

  it('two replicas byzantine together (> f): bft down and unsafe for the same 30 h', () => {
    const { value, record } = once(bft((x) => (x['groups'].nodes.byzantine.count = 2)));
    expect(value('pbft.wrong_answer_time')).toBeCloseTo(30, 9);
    expect(record.services['pbft']?.downtime).toBeCloseTo(30, 9);
    expect(value('raft.wrong_answer_time')).toBeCloseTo(30, 9);
  });

  it('a crashed byzantine replica answers nothing: replica 0 crashes at 12 h for good, so only [10, 12) is wrong', () => {
    const { value } = once(
      bft((x) => {
        x['groups'].nodes.count = 1;
        x['groups'].nodes.failure = det('12h');
        x['groups'].nodes.repair = null;
        x['groups'].others = { count: 3, failure: det('1000h'), repair: det('1h') };
        x['services'] = { raft: { atLeast: 1, of: 'nodes' } };
      }),
    );
    expect(value('raft.wrong_answer_time')).toBeCloseTo(2, 9);
  });
});

describe('partitions: schema', () => {
  it('resolves the sides as node indices and round-trips; absent without partitions', () => {
    const s = validateScenario(cap());
    expect(s.partitions?.[0]).toMatchObject({ name: 'split', sides: [[0], [1, 2]], symmetric: true, path: 'partitions.split' });
    expect(validateScenario(toScenarioFile(s))).toEqual(s);
    expect('partitions' in validateScenario(cap((x) => delete x['partitions']))).toBe(false);
  });

  it('names the path and the value of a bad node, a repeated node and a missing network', () => {
    expect(problemsOf(cap((x) => (x['partitions'].split.split = [['nodes/0', 'nodes/7'], ['nodes/0']])))).toEqual([
      'partitions.split.split.0.1: expected a node of the network ("group/index", or a group of nodes), got "nodes/7"',
      'partitions.split.split.1.0: expected each node once over both sides, got "nodes/0" (nodes/0 is already on a side)',
    ]);
    expect(
      problemsOf(
        cap((x) => {
          delete x['network'];
          x['services'] = { ap: { atLeast: 1, of: 'nodes' } };
        }),
      ),
    ).toEqual(['partitions: expected a scenario with a network (a partition cuts links), got ["split"]']);
    expect(problemsOf(cap((x) => (x['partitions'].split.split = [[], ['nodes']])))).toEqual(['partitions.split.split.0: expected at least one node, got []']);
  });
});

describe('partitions: hand-worked sequences', () => {
  it('active over [10, 15), …, [85, 90) and from 100 h: 7 starts in [0, 100], 30 h; the majority side keeps the CP service; the AP service is stale 30 h', () => {
    const { value, record } = once(cap());
    expect(value('split.partitions')).toBe(7);
    expect(value('split.partitioned_time')).toBeCloseTo(30, 9);
    expect(record.services['cp']?.downtime).toBe(0);
    expect(record.services['mesh']?.downtime).toBeCloseTo(30, 9);
    expect(record.services['ap']?.downtime).toBe(0);
    expect(value('ap.stale_time')).toBeCloseTo(30, 9);
  });

  it('a link that fails by its own law during a partition stays down after it, until its own repair', () => {
    // Links fail at 12, 44, 76 h and are repaired 20 h later: down [12, 32), [44, 64), [76, 96);
    // with the partitions [10, 15), [25, 30), …, the mesh is split over [10, 32), [40, 64), [70, 75), [76, 96): 71 h.
    const { value, record } = once(cap((x) => (x['network'].link = { failure: det('12h'), repair: det('20h') })));
    expect(record.services['mesh']?.downtime).toBeCloseTo(71, 9);
    expect(record.groups['links']?.componentUp[0]).toBeCloseTo(0.4, 9); // 40 h of 100: the cut does not touch the link's own state
    expect(value('split.partitioned_time')).toBeCloseTo(30, 9);
    // No link at all: no majority anywhere, every up replica is stale while links are down or cut.
    expect(value('ap.stale_time')).toBeCloseTo(71, 9);
    expect(record.services['cp']?.downtime).toBeCloseTo(60, 9); // links down 60 h; a partition alone leaves 1–2 a majority
  });

  it('an even split leaves no majority: the CP service is down while partitioned, the AP service up and stale', () => {
    const { value, record } = once(
      cap((x) => {
        x['groups'].nodes.count = 4;
        x['partitions'].split.split = [['nodes/0', 'nodes/1'], ['nodes/2', 'nodes/3']];
      }),
    );
    expect(record.services['cp']?.downtime).toBeCloseTo(30, 9);
    expect(record.services['ap']?.downtime).toBe(0);
    expect(value('ap.stale_time')).toBeCloseTo(30, 9);
  });
});

/**
 * The bundled scenario's per-replication values of `key` (divided by the span for a time
 * fraction) over `reps` replications of seed 7, against the claim `faultClaims` makes for
 * `metric`: |mean − analytic| ≤ Z·sd/√reps.
 */
function againstClaim(file: string | Record<string, any>, pairs: readonly { key: string; metric: string; fraction: boolean }[], reps: number): void {
  const scenario = validateScenario(typeof file === 'string' ? bundled(file) : file);
  const claims = faultClaims(scenario);
  const sim = new Simulation(scenario);
  const span = scenario.horizon - scenario.warmup;
  const samples = pairs.map(() => [] as number[]);
  for (let rep = 0; rep < reps; rep++) {
    const record = sim.replicate(7, rep);
    pairs.forEach((p, i) => {
      if (p.key.endsWith('.availability')) {
        samples[i]?.push(1 - (record.services[p.key.replace('.availability', '')]?.downtime as number) / span);
        return;
      }
      const q = sim.registry.quantities.findIndex((x) => x.key === p.key);
      samples[i]?.push((sim.values[q] as number) / (p.fraction ? span : 1));
    });
  }
  pairs.forEach((p, i) => {
    const claim = claims.find((c) => c.metric === p.metric);
    expect(claim, p.metric).toBeDefined();
    const xs = samples[i] as number[];
    const mean = xs.reduce((a, b) => a + b, 0) / reps;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (reps - 1));
    expect(Math.abs(mean - (claim?.analytic as number)), `${p.metric}: ${mean} vs ${claim?.analytic}`).toBeLessThanOrEqual(Z * (sd / Math.sqrt(reps)) + 1e-12);
  });
}

describe('fault modes against their closed forms (seed 7)', () => {
  it('bft-vs-crash: PBFT availability and crash-quorum wrong-answer time, the product-form trinomial over independent node states', () => {
    againstClaim(
      'bft-vs-crash',
      [
        { key: 'pbft.availability', metric: 'pbft.availability', fraction: false },
        { key: 'raft.wrong_answer_time', metric: 'raft.wrong_answer_time', fraction: true },
        { key: 'pbft.wrong_answer_time', metric: 'pbft.wrong_answer_time', fraction: true },
      ],
      200,
    );
  });

  it('cap-partition: partitioned fraction π(1 − e^{−(α+β)t}) averaged, partition starts, CP availability and AP stale time summed over configurations', () => {
    againstClaim(
      'cap-partition',
      [
        { key: 'split.partitioned_time', metric: 'split.partitioned_time', fraction: true },
        { key: 'split.partitions', metric: 'split.partitions', fraction: false },
        { key: 'cp.availability', metric: 'cp.availability', fraction: false },
        { key: 'ap.stale_time', metric: 'ap.stale_time', fraction: true },
      ],
      200,
    );
  });

  it('the 0 claim under bft carries nonzeroProbability 0 (any replication with a wrong answer refutes it)', () => {
    const scenario = validateScenario(bundled('bft-vs-crash'));
    expect(faultClaims(scenario).find((c) => c.metric === 'pbft.wrong_answer_time')).toMatchObject({ analytic: 0, nonzeroProbability: 0 });
    expect(faultClaims(validateScenario(bft((x) => (delete x['groups'].nodes.byzantine, delete x['services'].pbft))))).toEqual([]);
  });
});

describe('fault modes: more sequences, streams and limits', () => {
  it('an asymmetric partition cuts a request–reply exchange as a symmetric one does (the gates see the same)', () => {
    const sym = once(cap());
    const asym = once(cap((x) => (x['partitions'].split.symmetric = false)));
    expect(asym.record.services).toEqual(sym.record.services);
    expect(asym.value('ap.stale_time')).toBe(sym.value('ap.stale_time'));
    expect(validateScenario(cap((x) => (x['partitions'].split.symmetric = false))).partitions?.[0]?.symmetric).toBe(false);
  });

  it('a bft gate without byzantine laws is up while 2f + 1 replicas are up', () => {
    // Replicas fail at 10 h and are repaired 5 h later, all together: down [10, 15), [25, 30), … → 30 h.
    const { record } = once(
      bft((x) => {
        delete x['groups'].nodes.byzantine;
        x['groups'].nodes.failure = det('10h');
        x['groups'].nodes.repair = det('5h');
      }),
    );
    expect(record.services['pbft']?.downtime).toBeCloseTo(30, 9);
  });

  it('a byzantine law draws from its own streams: the crash records are those of the scenario without it', () => {
    const random = (x: Record<string, any>) => {
      x['groups'].nodes.failure = exp('50h');
      x['groups'].nodes.repair = exp('5h');
      x['groups'].nodes.byzantine = { failure: exp('20h'), repair: exp('5h') };
    };
    const plain = once(bft((x) => (random(x), delete x['groups'].nodes.byzantine)), 3, 2).record;
    const byz = once(bft(random), 3, 2).record;
    expect(byz.groups).toEqual(plain.groups);
    expect(byz.services['raft']).toEqual(plain.services['raft']); // byzantine replicas stay up for the crash majority
    expect(byz.services['pbft']?.downtime).toBeGreaterThan(plain.services['pbft']?.downtime as number);
  });

  it('a partition that never starts within the horizon changes no record', () => {
    const plain = once(cap((x) => delete x['partitions']), 5, 1).record;
    const late = once(cap((x) => (x['partitions'].split.every = det('1000h'))), 5, 1);
    expect(late.record.services).toEqual(plain.services);
    expect(late.record.groups).toEqual(plain.groups);
    expect(late.value('split.partitions')).toBe(0);
  });

  it('names the limit on partitions', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, { every: det('10h'), duration: det('1h'), split: [['nodes/0'], ['nodes/1']] }]));
    expect(problemsOf(cap((x) => (x['partitions'] = many)))).toEqual(['partitions: expected at most 100 partitions, got 101']);
  });

  it('more than f liars under bft: wrong_answer_time against P(B > f), the product-form trinomial (seed 7)', () => {
    const s = bundled('bft-vs-crash');
    delete s['groups'].replicas.byzantine.count; // every replica can lie: two at once exceed f = 1
    againstClaim(
      s,
      [
        { key: 'pbft.wrong_answer_time', metric: 'pbft.wrong_answer_time', fraction: true },
        { key: 'pbft.availability', metric: 'pbft.availability', fraction: false },
        { key: 'raft.wrong_answer_time', metric: 'raft.wrong_answer_time', fraction: true },
      ],
      200,
    );
    expect(faultClaims(validateScenario(s)).find((c) => c.metric === 'pbft.wrong_answer_time')?.analytic).toBeGreaterThan(0);
  });
});

describe('the 0 claim under bft', () => {
  const pairOf = (values: readonly number[]): Pair => {
    const moments = new Moments();
    for (const v of values) moments.add(v);
    const claim = faultClaims(validateScenario(bundled('bft-vs-crash'))).find((c) => c.metric === 'pbft.wrong_answer_time');
    return {
      scenario: 'bft-vs-crash',
      from: 0,
      to: 8760,
      replications: values.length,
      metric: 'pbft.wrong_answer_time',
      formula: claim?.formula as string,
      kind: 'correct',
      analytic: claim?.analytic as number,
      why: '',
      evidence: { type: 'mean', moments, support: { range: 8760, kind: 'amount' }, offset: 0, scale: 1 / 8760, nonzeroProbability: claim?.nonzeroProbability as number },
      shown: { estimate: 0, stdError: 0, low: 0, high: 0, lowInformation: true },
    };
  };

  it('is refuted by a single replication with a wrong answer accepted, and not by none', () => {
    const zeros = Array.from({ length: 1000 }, () => 0);
    expect(decide([pairOf(zeros)], 1, 0.99)[0]?.verdict).toBe('inconclusive');
    expect(decide([pairOf([...zeros.slice(1), 1e-6])], 1, 0.99)[0]?.verdict).toBe('refuted');
  });
});

describe('bft availability without byzantine laws', () => {
  it('is P(≥ 2f + 1 up), the same as the exact CTMC of the crash service that needs 2f + 1 of the group', () => {
    const scenario = validateScenario(
      bft((x) => {
        delete x['groups'].nodes.byzantine;
        x['groups'].nodes.failure = exp('100h');
        x['groups'].nodes.repair = exp('10h');
        x['services'] = { pbft: { bft: { of: 'nodes' } }, three: { atLeast: 3, of: 'nodes' } };
      }),
    );
    const claim = faultClaims(scenario).find((c) => c.metric === 'pbft.availability');
    const exact = exactFor(scenario).find((e) => e.service === 'three');
    if (exact === undefined || !isExact(exact)) throw new Error('three: not exact');
    expect(claim?.analytic).toBeCloseTo(exact.intervalAvailability, 9);
    expect(faultClaims(scenario).some((c) => c.metric.endsWith('wrong_answer_time'))).toBe(false);
  });
});

describe('overlapping partitions', () => {
  it('a link stays cut while any partition that crosses it is active: the union of the two schedules', () => {
    // split: [10, 15), [25, 30), [40, 45), [55, 60), [70, 75), [85, 90) (30 h); again (12 h after the end of the last, for 5 h):
    // [12, 17), [29, 34), [46, 51), [63, 68), [80, 85), [97, 100] (28 h). Union: [10, 17), [25, 34), [40, 45), [46, 51), [55, 60),
    // [63, 68), [70, 75), [80, 90), [97, 100]: 7 + 9 + 5 + 5 + 5 + 5 + 5 + 10 + 3 = 54 h.
    const { value, record } = once(cap((x) => (x['partitions'].again = { every: det('12h'), duration: det('5h'), split: [['nodes/1', 'nodes/2'], ['nodes/0']] })));
    expect(value('split.partitioned_time')).toBeCloseTo(30, 9);
    expect(value('again.partitioned_time')).toBeCloseTo(28, 9);
    expect(record.services['mesh']?.downtime).toBeCloseTo(54, 9);
  });
});
