// The pipeline's ledger: hand-worked event sequences with exact counts, the ledger invariants in
// every replication of random configurations, the bundled zero-loss scenario, and the losing variants.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/io/loadScenario.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import { LOSS_CAUSES, type Ledger } from '../../../src/sim/pipeline/Pipeline.js';
import { Simulation } from '../../../src/sim/Simulation.js';

const SIMS = join(import.meta.dirname, '..', '..', '..', 'sims');
const NEVER = { type: 'deterministic', value: '1000h' };

/** A pipeline scenario from parts: rate 10 messages/s, batches processed in exactly 0.5 s. */
function scenario(parts: { horizon: string; groups?: Record<string, unknown>; pipeline?: Record<string, unknown>; producer?: Record<string, unknown>; topic?: Record<string, unknown>; consumer?: Record<string, unknown>; sinks?: Record<string, unknown> }) {
  const groups = {
    brokers: { count: 3, failure: NEVER, repair: { type: 'deterministic', value: '1s' } },
    validator: { count: 1, failure: NEVER, repair: { type: 'deterministic', value: '1s' } },
    db: { count: 1, failure: NEVER, repair: { type: 'deterministic', value: '1s' } },
    ...parts.groups,
  };
  return validateScenario({
    name: 'hand',
    description: 'a hand-worked pipeline',
    horizon: parts.horizon,
    groups,
    services: { writes: { atLeast: 1, of: 'brokers' } },
    pipeline: {
      producer: { rate: 10, acks: 'all', ...parts.producer },
      topic: { brokers: 'brokers', minInsyncReplicas: 2, ...parts.topic },
      consumer: { group: 'validator', commit: 'manual', processing: { type: 'deterministic', value: '500ms' }, pollInterval: '1s', ...parts.consumer },
      sinks: parts.sinks ?? { meta: { group: 'db', fallback: 'unbounded', syncInterval: '60s' } },
    },
  });
}

function ledgerOf(s: ReturnType<typeof validateScenario>, rep = 0): Ledger {
  const sim = new Simulation(s);
  sim.run(1, rep);
  return sim.ledger as Ledger;
}

function lostUpstream(l: Ledger): number {
  return l.lost.producer_dropped + l.lost.acks1_leader_loss + l.lost.auto_commit;
}

/** produced = processed + in flight + lost upstream; per sink processed = delivered + on disk + lost; nothing made from nothing. */
function expectBalanced(l: Ledger): void {
  expect(l.produced).toBe(l.processed + l.inFlight + lostUpstream(l));
  for (const s of l.sinks) {
    expect(s.delivered + s.onDisk + s.lost).toBe(l.processed);
    expect(s.delivered).toBeLessThanOrEqual(l.produced);
    expect(Math.min(s.delivered, s.onDisk, s.lost)).toBeGreaterThanOrEqual(0);
  }
  expect(l.lost.fallback_full).toBe(l.sinks.reduce((a, s) => a + s.lost, 0));
  expect(l.quarantined).toBeLessThanOrEqual(l.processed);
  expect(Math.min(l.processed, l.inFlight, l.duplicated, ...LOSS_CAUSES.map((c) => l.lost[c]))).toBeGreaterThanOrEqual(0);
  for (const v of [l.produced, l.processed, l.inFlight, l.duplicated, l.quarantined, ...LOSS_CAUSES.map((c) => l.lost[c])]) expect(Number.isInteger(v)).toBe(true);
}

describe('pipeline: hand-worked event sequences', () => {
  // Batches: the consumer polls at 0 (nothing), at 1 s (offsets 0–9, done at 1.5 s), then every
  // 1.5 s after a partial batch: polled at 1 + 1.5k s with 15 messages, done 0.5 s later.

  it('a crash mid-batch with manual commits: the processed prefix is processed again (duplicates), nothing lost', () => {
    // Crash at 1.2 s: 0.2 of the 0.5 s batch [0, 10) → ⌊10·0.2/0.5⌋ = 4 processed; committed 0.
    // Restart at 21.2 s from offset 0: one batch [0, 212), 4 duplicates, done at 21.7 s.
    // Horizon 22 s: 220 made, 212 processed, 8 in the log.
    const l = ledgerOf(scenario({ horizon: '22s', groups: { validator: { count: 1, failure: { type: 'deterministic', value: '1.2s' }, repair: { type: 'deterministic', value: '20s' } } } }));
    expect(l).toMatchObject({ produced: 220, processed: 212, duplicated: 4, inFlight: 8 });
    expect(lostUpstream(l)).toBe(0);
    expect(l.sinks[0]).toMatchObject({ delivered: 212, onDisk: 0, lost: 0 });
    expectBalanced(l);
  });

  it('the same crash with auto-commit: the unprocessed rest of the batch is skipped for good', () => {
    // The batch [0, 10) was committed when polled at 1 s; 4 processed by the crash; at the
    // restart the consumer resumes from 10: offsets 4–9 lost (auto_commit = 6); batch [10, 212).
    const l = ledgerOf(
      scenario({ horizon: '22s', consumer: { commit: 'auto' }, groups: { validator: { count: 1, failure: { type: 'deterministic', value: '1.2s' }, repair: { type: 'deterministic', value: '20s' } } } }),
    );
    expect(l).toMatchObject({ produced: 220, processed: 206, duplicated: 0, inFlight: 8 });
    expect(l.lost).toEqual({ producer_dropped: 0, acks1_leader_loss: 0, auto_commit: 6, fallback_full: 0 });
    expectBalanced(l);
  });

  it('a sink down from 10 s to 40 s with a fallback disk of 100 records', () => {
    // Batches done at 1.5 + 1.5k s; k = 6 … 25 end while the sink is down: 20 × 15 = 300
    // records, 100 on disk (full at the 7th, k = 12, 19.5 s), 200 lost. Syncs every 11 s: the
    // one at 44 s drains the disk (drain time 4 s). Direct: 10 + 5 × 15 before, 5 × 15 after
    // (k = 26 … 30, by the horizon 47 s). Processed 10 + 30 × 15 = 460 of 470 made.
    const s = scenario({
      horizon: '47s',
      groups: { db: { count: 1, failure: { type: 'deterministic', value: '10s' }, repair: { type: 'deterministic', value: '30s' } } },
      sinks: { meta: { group: 'db', fallback: 100, syncInterval: '11s' } },
    });
    const sim = new Simulation(s);
    sim.run(1, 0);
    const l = sim.ledger as Ledger;
    expect(l).toMatchObject({ produced: 470, processed: 460, duplicated: 0, inFlight: 10 });
    expect(l.sinks[0]).toEqual({ name: 'meta', delivered: 260, onDisk: 0, lost: 200 });
    expect(l.lost.fallback_full).toBe(200);
    expectBalanced(l);
    const value = (name: string) => sim.values[sim.registry.quantities.findIndex((q) => q.key === name)] as number;
    expect(value('pipeline.sinks.meta.fallback_peak')).toBe(100);
    expect(value('pipeline.sinks.meta.fallback_full_time') * 3600).toBeCloseTo(44 - 19.5, 9);
    expect(value('pipeline.sinks.meta.drain_time') * 3600).toBeCloseTo(4, 9);
    expect(value('pipeline.sinks.meta.drains')).toBe(1);
  });

  it('acks=1: the leader fails with 1 s of unreplicated writes, the new leader truncates them', () => {
    // All three brokers fail at 1 h (in index order), back 10 min later. Leader 0 fails with
    // 36 000 messages in its log, followers 1 s (10 messages) behind: broker 1 leads with 35 990
    // (10 lost); broker 1 fails: broker 2 holds the same 35 990 (nothing more lost); broker 2 fails:
    // offline, the producer holds the 6000 messages of the next 10 min and sends them when broker
    // 2, the last in-sync replica, is back. Horizon 2 h: 72 000 made.
    const brokers = { count: 3, failure: { type: 'deterministic', value: '1h' }, repair: { type: 'deterministic', value: '10min' } };
    const l = ledgerOf(scenario({ horizon: '1.5h', groups: { brokers }, producer: { acks: '1' }, topic: { replicationLag: '1s' } }));
    expect(l.produced).toBe(54000);
    expect(l.lost).toEqual({ producer_dropped: 0, acks1_leader_loss: 10, auto_commit: 0, fallback_full: 0 });
    expectBalanced(l);
    // With acks=all the same failures lose nothing.
    const all = ledgerOf(scenario({ horizon: '1.5h', groups: { brokers }, topic: { replicationLag: '1s' } }));
    expect(lostUpstream(all) + all.lost.fallback_full).toBe(0);
    expectBalanced(all);
  });

  it('acks=all below min.insync.replicas with a producer buffer of 50: the rest is dropped', () => {
    // min.insync.replicas 3: every broker down from 10 s to 30 s refuses writes; messages made
    // in (10 s, 30 s] are 200: 50 held and sent at 30 s, 150 dropped. Horizon 35 s.
    const brokers = { count: 3, failure: { type: 'deterministic', value: '10s' }, repair: { type: 'deterministic', value: '20s' } };
    const l = ledgerOf(scenario({ horizon: '35s', groups: { brokers }, producer: { buffer: 50 }, topic: { minInsyncReplicas: 3 } }));
    expect(l.produced).toBe(350);
    expect(l.lost).toEqual({ producer_dropped: 150, acks1_leader_loss: 0, auto_commit: 0, fallback_full: 0 });
    expectBalanced(l);
  });
});

describe('pipeline: the ledger balances in every replication of random configurations', () => {
  const law = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true }).map((m) => ({ type: 'exponential', mean: `${m.toFixed(3)}min` }));
  const config = fc.record({
    rate: fc.integer({ min: 1, max: 200 }),
    acks: fc.constantFrom('all', '1'),
    buffer: fc.oneof(fc.constant('unbounded' as const), fc.integer({ min: 0, max: 500 })),
    brokers: fc.integer({ min: 1, max: 4 }),
    minIsr: fc.integer({ min: 1, max: 4 }),
    lag: fc.integer({ min: 0, max: 3000 }),
    commit: fc.constantFrom('manual', 'auto'),
    maxBatch: fc.integer({ min: 1, max: 300 }),
    fallback: fc.oneof(fc.constant('unbounded' as const), fc.integer({ min: 0, max: 2000 })),
    sync: fc.integer({ min: 1, max: 120 }),
    cache: fc.boolean(),
    up: law(2, 30),
    down: law(0.1, 5),
    // Validation errors and the breaker (docs/pipelines.md, "Validation errors and the circuit breaker").
    validation: fc.boolean(),
    breaker: fc.boolean(),
    errorIn: fc.double({ min: 0, max: 1, noNaN: true }),
    errorOut: fc.double({ min: 0, max: 0.2, noNaN: true }),
    threshold: fc.double({ min: 0, max: 0.99, noNaN: true }),
    window: fc.integer({ min: 1, max: 600 }),
    episodeOff: law(2, 60),
    episodeOn: law(0.5, 20),
    reset: law(0.1, 20),
  });
  it('produced = processed + in flight + lost, quarantined ≤ processed; each sink: processed = delivered + on disk + lost (breaker or not)', () => {
    fc.assert(
      fc.property(config, (c) => {
        const failing = { failure: c.up, repair: c.down };
        const s = validateScenario({
          name: 'random',
          description: 'a random pipeline',
          horizon: '2h',
          groups: { brokers: { count: c.brokers, ...failing }, validator: { count: 1, ...failing }, db: { count: 1, ...failing }, store: { count: 1, ...failing }, cache: { count: 1, ...failing } },
          services: { writes: { atLeast: 1, of: 'brokers' } },
          pipeline: {
            producer: { rate: c.rate, acks: c.acks, buffer: c.buffer },
            topic: { brokers: 'brokers', minInsyncReplicas: Math.min(c.minIsr, c.brokers), replicationLag: `${c.lag}ms` },
            consumer: { group: 'validator', commit: c.commit, processing: { type: 'exponential', mean: '300ms' }, maxBatch: c.maxBatch, pollInterval: '1s' },
            sinks: { db: { group: 'db', fallback: c.fallback, syncInterval: `${c.sync}s` }, store: { group: 'store', fallback: 'unbounded' } },
            ...(c.cache ? { cache: { group: 'cache', slowdown: '5ms' } } : {}),
            ...(c.validation ? { validation: { episodes: { every: c.episodeOff, duration: c.episodeOn }, errorInEpisode: c.errorIn, errorOtherwise: c.errorOut } } : {}),
            ...(c.validation && c.breaker ? { breaker: { threshold: c.threshold, window: `${c.window}s`, reset: c.reset } } : {}),
          },
        });
        const sim = new Simulation(s);
        for (let rep = 0; rep < 3; rep++) {
          sim.run(11, rep);
          const l = sim.ledger as Ledger;
          expectBalanced(l);
          expect(l.produced).toBe(Math.floor(c.rate * 7200));
          if (c.acks === 'all') expect(l.lost.acks1_leader_loss).toBe(0);
          if (c.commit === 'manual') expect(l.lost.auto_commit).toBe(0);
          if (c.buffer === 'unbounded') expect(l.lost.producer_dropped).toBe(0);
          if (c.fallback === 'unbounded') expect(l.lost.fallback_full).toBe(0);
          if (!c.validation) expect(l.quarantined).toBe(0);
        }
      }),
      { seed: 15, numRuns: 60 },
    );
  });
});

describe('pipeline: the bundled scenarios', () => {
  it('dataquarantine (seed 004 as configured) loses nothing in any of 100 replications, and its ledger balances', () => {
    const sim = new Simulation(loadScenario(join(SIMS, 'dataquarantine.json')));
    let duplicated = 0;
    for (let rep = 0; rep < 100; rep++) {
      sim.run(1, rep);
      const l = sim.ledger as Ledger;
      expectBalanced(l);
      expect(lostUpstream(l) + l.lost.fallback_full).toBe(0);
      duplicated += l.duplicated;
    }
    // At-least-once: crashes mid-batch do re-process messages.
    expect(duplicated).toBeGreaterThan(0);
  });

  it.each([
    ['dataquarantine-auto-commit', 'auto_commit'],
    ['dataquarantine-acks-1', 'acks1_leader_loss'],
    ['dataquarantine-small-fallback-disk', 'fallback_full'],
    ['dataquarantine-producer-buffer', 'producer_dropped'],
  ] as const)('%s loses messages, all with cause %s', (name, cause) => {
    const sim = new Simulation(loadScenario(join(SIMS, `${name}.json`)));
    let lost = 0;
    for (let rep = 0; rep < 30; rep++) {
      sim.run(1, rep);
      const l = sim.ledger as Ledger;
      expectBalanced(l);
      for (const c of LOSS_CAUSES) if (c !== cause) expect(l.lost[c]).toBe(0);
      lost += l.lost[cause];
    }
    expect(lost).toBeGreaterThan(0);
  });

  it('dataquarantine-breaker (seed 004 §3.3) loses nothing in any of 25 replications: the breaker pauses, the log retains', () => {
    const sim = new Simulation(loadScenario(join(SIMS, 'dataquarantine-breaker.json')));
    let trips = 0;
    let quarantined = 0;
    const trip = sim.registry.quantities.findIndex((q) => q.key === 'pipeline.breaker.trips');
    for (let rep = 0; rep < 25; rep++) {
      sim.run(1, rep);
      const l = sim.ledger as Ledger;
      expectBalanced(l);
      expect(lostUpstream(l) + l.lost.fallback_full).toBe(0);
      trips += sim.values[trip] as number;
      quarantined += l.quarantined;
    }
    expect(trips).toBeGreaterThan(0);
    expect(quarantined).toBeGreaterThan(0);
  });
});

describe('pipeline: validation names the path and the value', () => {
  const base = () => JSON.parse(JSON.stringify({
    name: 'bad',
    description: 'a bad pipeline',
    horizon: '1h',
    groups: { brokers: { count: 3, failure: NEVER }, validator: { count: 1, failure: NEVER }, db: { count: 1, failure: NEVER }, pair: { count: 2, failure: NEVER } },
    services: { writes: { atLeast: 1, of: 'brokers' } },
    pipeline: {
      producer: { rate: 10, acks: 'all' },
      topic: { brokers: 'brokers', minInsyncReplicas: 2 },
      consumer: { group: 'validator', commit: 'manual', processing: { type: 'deterministic', value: '1s' } },
      sinks: { meta: { group: 'db', fallback: 100 } },
    },
  })) as { pipeline: Record<string, Record<string, unknown>> };
  it.each([
    ['min.insync.replicas above the replication factor', (s: ReturnType<typeof base>) => (s.pipeline['topic'] as Record<string, unknown>)['minInsyncReplicas'] = 4, /pipeline\.topic\.minInsyncReplicas: expected at most the replication factor \(3, the count of "brokers"\), got 4/],
    ['an unknown broker group', (s: ReturnType<typeof base>) => (s.pipeline['topic'] as Record<string, unknown>)['brokers'] = 'nope', /pipeline\.topic\.brokers: expected the name of a component group, got "nope"/],
    ['a consumer of two components', (s: ReturnType<typeof base>) => (s.pipeline['consumer'] as Record<string, unknown>)['group'] = 'pair', /pipeline\.consumer\.group: expected a group of one component, got "pair" with 2/],
    ['a group used twice', (s: ReturnType<typeof base>) => ((s.pipeline['sinks'] as Record<string, Record<string, unknown>>)['meta'] as Record<string, unknown>)['group'] = 'validator', /pipeline\.sinks\.meta\.group: expected a group no other part of the pipeline uses, got "validator"/],
    ['no sink', (s: ReturnType<typeof base>) => (s.pipeline['sinks'] = {}), /pipeline\.sinks: expected at least one sink, got none/],
    ['acks 2', (s: ReturnType<typeof base>) => (s.pipeline['producer'] as Record<string, unknown>)['acks'] = '2', /pipeline\.producer\.acks/],
    ['a negative fallback', (s: ReturnType<typeof base>) => ((s.pipeline['sinks'] as Record<string, Record<string, unknown>>)['meta'] as Record<string, unknown>)['fallback'] = -1, /pipeline\.sinks\.meta\.fallback/],
  ])('%s', (_, mutate, message) => {
    const s = base();
    mutate(s);
    expect(() => validateScenario(s)).toThrow(message);
  });

  it('a valid pipeline resolves with its defaults explicit', () => {
    const p = validateScenario(base()).pipeline;
    expect(p?.producer.buffer).toBe('unbounded');
    expect(p?.topic.replicationLag).toBeCloseTo(0.1 / 3600, 15);
    expect(p?.consumer).toMatchObject({ maxBatch: 500, pollInterval: 1 / 3600 });
    expect(p?.sinks['meta']?.syncInterval).toBeCloseTo(60 / 3600, 15);
  });
});
