// The pipeline's validation errors and error-rate circuit breaker (docs/pipelines.md, "Validation
// errors and the circuit breaker"): hand-worked event sequences asserted exactly, validation of the
// fragment, and its exact values in check (the bundled scenario's zero loss: Pipeline.test.ts).
import { describe, expect, it } from 'vitest';
import { decide, pairsFor } from '../../../src/check/crossCheck.js';
import { breakerClaims } from '../../../src/check/pipelinePairs.js';
import { runScenario } from '../../../src/run/runScenario.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import type { Ledger } from '../../../src/sim/pipeline/Pipeline.js';
import { Simulation } from '../../../src/sim/Simulation.js';

const NEVER = { type: 'deterministic', value: '1000h' };
const det = (value: string) => ({ type: 'deterministic', value });

/** Rate 10 messages/s, batches processed in exactly 0.5 s, polls every 1 s after a partial batch; nothing fails. */
function scenario(horizon: string, extra: Record<string, unknown>) {
  return validateScenario({
    name: 'hand',
    description: 'a hand-worked pipeline with a breaker',
    horizon,
    groups: {
      brokers: { count: 3, failure: NEVER, repair: det('1s') },
      validator: { count: 1, failure: NEVER, repair: det('1s') },
      db: { count: 1, failure: NEVER, repair: det('1s') },
    },
    services: { writes: { atLeast: 1, of: 'brokers' } },
    pipeline: {
      producer: { rate: 10, acks: 'all' },
      topic: { brokers: 'brokers', minInsyncReplicas: 2 },
      consumer: { group: 'validator', commit: 'manual', processing: det('500ms'), pollInterval: '1s' },
      sinks: { meta: { group: 'db', fallback: 'unbounded', syncInterval: '60s' } },
      ...extra,
    },
  });
}

function run(s: ReturnType<typeof validateScenario>, rep = 0) {
  const sim = new Simulation(s);
  sim.run(1, rep);
  const value = (name: string) => sim.values[sim.registry.quantities.findIndex((q) => q.key === name)] as number;
  return { ledger: sim.ledger as Ledger, value, sim };
}

function expectBalanced(l: Ledger): void {
  const lost = l.lost.producer_dropped + l.lost.acks1_leader_loss + l.lost.auto_commit;
  expect(l.produced).toBe(l.processed + l.inFlight + lost);
  expect(l.quarantined).toBeLessThanOrEqual(l.processed);
  expect(Number.isInteger(l.quarantined) && l.quarantined >= 0).toBe(true);
  for (const s of l.sinks) expect(s.delivered + s.onDisk + s.lost).toBe(l.processed);
}

describe('breaker: hand-worked event sequences', () => {
  // Batches: polled at 1 s ([0, 10), done 1.5 s), then at 1 + 1.5k s with 15 messages, done 0.5 s later.
  const validation = { episodes: { every: det('9.8s'), duration: det('100s') }, errorInEpisode: 1, errorOtherwise: 0 };

  it('an episode from 9.8 s trips the breaker at 18 s; the reset at 38 s ends it and resumes with the backlog', () => {
    // Valid before the episode: 10 + 5 × 15 = 85 (done at 1.5 … 9 s). From 10.5 s every batch is 15
    // errors: after k of them the window holds 15k errors of 85 + 15k; 15k > ½(85 + 15k) first at
    // k = 6, the batch done at 18 s: 90 quarantined, committed 175, log end 180. Paused 20 s: at the
    // reset (38 s) the log end is 380 (lag 205, the peak while paused), the episode ends (its own end
    // was at 109.8 s), and one batch [175, 380) is done at 38.5 s, valid; then 15-message batches done
    // at 40, 41.5, 43, 44.5 s. Horizon 45 s: 450 made, 440 processed, 10 in the log.
    const { ledger, value } = run(scenario('45s', { validation, breaker: { threshold: 0.5, window: '300s', reset: det('20s') } }));
    expect(ledger).toMatchObject({ produced: 450, processed: 440, inFlight: 10, quarantined: 90, duplicated: 0 });
    expectBalanced(ledger);
    expect(value('pipeline.breaker.trips')).toBe(1);
    expect(value('pipeline.breaker.paused_time') * 3600).toBeCloseTo(20, 9);
    expect(value('pipeline.breaker.lag_peak')).toBe(205);
    expect(value('pipeline.breaker.response_time') * 3600).toBeCloseTo(20, 9);
    expect(value('pipeline.validation.episodes')).toBe(1);
    expect(value('pipeline.validation.episode_time') * 3600).toBeCloseTo(38 - 9.8, 9);
    expect(value('pipeline.quarantined')).toBe(90);
  });

  it('a short window forgets the valid batches: threshold 0.7 over 3.01 s trips at the third error batch', () => {
    // At a batch's end the window holds the batches done less than 3.01 s ago: that one and the two
    // before it (1.5 s apart). At 10.5 s: 7.5, 9, 10.5 s (15 errors of 45); at 12 s: 9, 10.5, 12 s
    // (30 of 45 = 0.67 ≤ 0.7); at 13.5 s: 10.5, 12, 13.5 s (45 of 45): the trip, 45 quarantined.
    const { ledger, value } = run(scenario('20s', { validation, breaker: { threshold: 0.7, window: '3.01s', reset: det('1h') } }));
    expect(ledger.quarantined).toBe(45);
    expect(value('pipeline.breaker.trips')).toBe(1);
    expect(value('pipeline.breaker.paused_time') * 3600).toBeCloseTo(20 - 13.5, 9);
    // Committed 85 + 45 = 130 at the trip; 200 made by the horizon: all of the rest in the log.
    expect(ledger).toMatchObject({ produced: 200, processed: 130, inFlight: 70 });
    expectBalanced(ledger);
  });

  it('validation without a breaker: errors are quarantined, consumption never pauses', () => {
    // Errors from the batch done at 10.5 s to the episode's end at 9.8 + 20 = 29.8 s: batches done
    // at 10.5 … 28.5 s, 13 of 15 messages; horizon 40 s: 400 made, 10 + 25 × 15 = 385 processed.
    // The next episode begins at 29.8 + 9.8 = 39.6 s (no batch is done in it before 40 s): on 20.4 s.
    const { ledger, value, sim } = run(scenario('40s', { validation: { ...validation, episodes: { every: det('9.8s'), duration: det('20s') } } }));
    expect(ledger).toMatchObject({ produced: 400, processed: 385, quarantined: 195 });
    expectBalanced(ledger);
    expect(value('pipeline.validation.episode_time') * 3600).toBeCloseTo(20.4, 9);
    expect(sim.registry.quantities.some((q) => q.key.startsWith('pipeline.breaker'))).toBe(false);
  });

  it('a consumer crash while paused: the restart does not resume before the reset', () => {
    // The validator crashes at 25 s and restarts at 30 s, inside the pause [18 s, 38 s): same ledger as the first sequence.
    const { ledger, value } = run(validateScenario(scenarioFile('45s')));
    expect(ledger).toMatchObject({ produced: 450, processed: 440, inFlight: 10, quarantined: 90 });
    expect(value('pipeline.restarts')).toBe(1);
    expect(value('pipeline.breaker.paused_time') * 3600).toBeCloseTo(20, 9);
  });

  function scenarioFile(horizon: string) {
    return {
      name: 'hand',
      description: 'a hand-worked pipeline with a breaker and a crash',
      horizon,
      groups: {
        brokers: { count: 3, failure: NEVER, repair: det('1s') },
        validator: { count: 1, failure: det('25s'), repair: det('5s') },
        db: { count: 1, failure: NEVER, repair: det('1s') },
      },
      services: { writes: { atLeast: 1, of: 'brokers' } },
      pipeline: {
        producer: { rate: 10, acks: 'all' },
        topic: { brokers: 'brokers', minInsyncReplicas: 2 },
        consumer: { group: 'validator', commit: 'manual', processing: det('500ms'), pollInterval: '1s' },
        sinks: { meta: { group: 'db', fallback: 'unbounded', syncInterval: '60s' } },
        validation,
        breaker: { reset: det('20s') },
      },
    };
  }
});

describe('breaker: validation names the path and the value', () => {
  const base = (extra: Record<string, unknown>) => ({
    name: 'bad',
    description: 'a bad breaker',
    horizon: '1h',
    groups: { brokers: { count: 3, failure: NEVER }, validator: { count: 1, failure: NEVER }, db: { count: 1, failure: NEVER } },
    services: { writes: { atLeast: 1, of: 'brokers' } },
    pipeline: {
      producer: { rate: 10, acks: 'all' },
      topic: { brokers: 'brokers' },
      consumer: { group: 'validator', commit: 'manual', processing: det('1s') },
      sinks: { meta: { group: 'db', fallback: 100 } },
      ...extra,
    },
  });
  const validation = { episodes: { every: { type: 'exponential', mean: '1d' }, duration: { type: 'exponential', mean: '2h' } } };
  it('a breaker without validation', () => {
    expect(() => validateScenario(base({ breaker: { reset: det('10min') } }))).toThrow(/pipeline\.breaker: expected a "validation" beside it \(the errors the breaker watches\), got none/);
  });
  it('a threshold of 1', () => {
    expect(() => validateScenario(base({ validation, breaker: { threshold: 1, reset: det('10min') } }))).toThrow(/pipeline\.breaker\.threshold: expected a number in \[0, 1\)/);
  });
  it('an error probability above 1', () => {
    expect(() => validateScenario(base({ validation: { ...validation, errorInEpisode: 1.5 } }))).toThrow(/pipeline\.validation\.errorInEpisode: expected a probability in \[0, 1\]/);
  });
  it('defaults: seed 004 §3.3 (threshold 0.5, window 300 s, 90 % errors in an episode, none otherwise)', () => {
    const p = validateScenario(base({ validation, breaker: { reset: det('10min') } })).pipeline;
    expect(p?.breaker).toMatchObject({ threshold: 0.5 });
    expect(p?.breaker?.window).toBeCloseTo(300 / 3600, 15);
    expect(p?.validation).toMatchObject({ errorInEpisode: 0.9, errorOtherwise: 0 });
  });
});

describe('breaker: its exact values in check', () => {
  it('operator response = E[R] (Wald) and quarantine ratio = e (errors independent of episodes) are consistent', () => {
    // Errors 0.6 in and out of episodes, threshold 0.5: the breaker trips soon after every reset.
    const s = scenario('2h', {
      validation: { episodes: { every: { type: 'exponential', mean: '10min' }, duration: { type: 'exponential', mean: '5min' } }, errorInEpisode: 0.6, errorOtherwise: 0.6 },
      breaker: { threshold: 0.5, window: '60s', reset: { type: 'exponential', mean: '2min' } },
    });
    expect(breakerClaims(s).map((c) => [c.metric, c.analytic])).toEqual([
      ['pipeline.breaker.operator_response', 120],
      ['pipeline.quarantine_ratio', 0.6],
    ]);
    const acc = runScenario(s, { seed: 5, replications: 200 });
    const rows = decide(pairsFor(s, acc, { confidence: 0.999 }), 5, 0.999).filter((r) => r.metric.startsWith('pipeline.breaker') || r.metric === 'pipeline.quarantine_ratio');
    expect(rows.map((r) => [r.metric, r.verdict])).toEqual([
      ['pipeline.breaker.operator_response', 'consistent'],
      ['pipeline.quarantine_ratio', 'consistent'],
    ]);
  });

  it('no quarantine-ratio pair when errors differ in and out of episodes, no breaker pair without a breaker', () => {
    const validation = { episodes: { every: { type: 'exponential', mean: '10min' }, duration: { type: 'exponential', mean: '5min' } } };
    expect(breakerClaims(scenario('1h', { validation }))).toEqual([]);
    expect(breakerClaims(scenario('1h', { validation, breaker: { reset: det('1min') } })).map((c) => c.metric)).toEqual(['pipeline.breaker.operator_response']);
  });
});
