import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { parseDuration, parseRate } from '../../src/scenario/duration.js';
import { scenarioJsonSchema } from '../../src/scenario/jsonSchema.js';
import { cappedGeometricSum } from '../../src/scenario/resolveWorkload.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import type { WorkloadSpec } from '../../src/scenario/workloadSpec.js';
import { checkScenario } from '../../src/sim/checkScenario.js';

const h = (d: string): number => parseDuration(d) as number;

const base = {
  name: 'workload',
  description: 'a cluster with queries',
  horizon: '1d',
  groups: {
    coordinators: { kind: 'coordinator', count: 3, failure: { type: 'exponential', mean: '8760h' }, repair: { type: 'exponential', mean: '4h' } },
    executors: { kind: 'executor', count: 6, failure: { type: 'exponential', mean: '4380h' }, repair: { type: 'exponential', mean: '4h' } },
    redis: { availability: 0.999, mttr: '5min' },
  },
  services: {
    cluster: { quorum: { coordinators: 'coordinators', executors: 'executors', executorsAtLeast: 2 } },
    cache: { all: ['redis'] },
  },
};

/** The workload of the task's example. */
const example = {
  drain: '5min',
  executors: { group: 'executors', slots: 4, queueLimit: 100, queueTimeout: '10s', cancelOnTimeout: false },
  memory: { capacity: 64, overhead: 0.2, admission: 'reject' },
  breakers: {
    cluster: { type: 'consecutive', threshold: 5, resetTimeout: '30s', halfOpenSuccesses: 3, failureCauses: ['service_down', 'timeout'] },
    r4j: { type: 'slidingWindow', window: 'count', size: 100, minimumCalls: 100, failureRateThreshold: 0.5, slowCallRateThreshold: 1, slowCallDuration: '60s', permittedInHalfOpen: 10, waitInOpen: '60s' },
  },
  bulkheads: { ml: { maxConcurrent: 10, queue: 0, queueTimeout: '1s' } },
  classes: {
    simple_select: {
      rate: '5/s',
      execution: { type: 'lognormal', mu: 1, sigma: 0.5, unit: 's' },
      service: 'cluster',
      timeout: '30s',
      memory: 2,
      retry: { maxRetries: 3, backoff: { type: 'exponential', base: '100ms', multiplier: 2, cap: '10s', jitter: 'full' }, on: ['timeout', 'service_down'], budget: { ratio: 0.1, capacity: 10 } },
      breaker: 'cluster',
      bulkhead: 'ml',
      fallbacks: [
        { name: 'cache', service: 'cache', latency: { type: 'deterministic', value: '5ms' }, timeout: '1s' },
        { name: 'default', latency: { type: 'deterministic', value: '1ms' } },
      ],
      usesExecutors: true,
    },
    spiky: {
      profile: [{ from: 0, rate: '5/s' }, { from: '10min', rate: '50/s' }, { from: '12min', rate: '5/s' }],
      execution: { type: 'exponential', mean: '1s' },
      errorProbability: 0.3,
    },
  },
};

/** `base` with `workload` and `edit` applied (a deep copy). */
function scenarioWith(workload: unknown, edit: (s: any) => void = () => {}): any {
  const copy: any = structuredClone({ ...base, workload });
  edit(copy);
  return copy;
}

const minimal = { classes: { q: { rate: 100, execution: { type: 'deterministic', value: '1s' } } } };

describe('rates', () => {
  it('reads per hour and unit strings', () => {
    expect(parseRate(100)).toBe(100);
    expect(parseRate('5/s')).toBe(18000);
    expect(parseRate('300/min')).toBe(18000);
    expect(parseRate('100/h')).toBe(100);
    expect(parseRate(' 2 / d ')).toBeCloseTo(2 / 24, 15);
    for (const bad of ['5', '5 per s', '/s', '5/fortnight', Infinity, null]) expect(parseRate(bad)).toBeUndefined();
  });
});

describe('the workload fragment', () => {
  it('resolves the example: hours, per hour, indices, every default explicit', () => {
    const s = validateScenario(scenarioWith(example));
    const services = s.services.map((x) => x.name);
    const expected: WorkloadSpec = {
      classes: [
        {
          name: 'simple_select',
          arrivals: { type: 'poisson', rate: 18000 },
          execution: { type: 'lognormal', mu: 1 + Math.log(1 / 3600), sigma: 0.5 },
          service: services.indexOf('cluster'),
          timeout: h('30s'),
          errorProbability: 0,
          loss: null,
          lossEpisodes: null,
          slow: null,
          network: null,
          memory: 2,
          retry: {
            maxRetries: 3,
            backoff: { base: h('100ms'), multiplier: 2, cap: h('10s'), jitter: 'full' },
            on: ['timeout', 'service_down'],
            budget: { ratio: 0.1, capacity: 10 },
          },
          breaker: 0,
          bulkhead: 0,
          fallbacks: [
            { name: 'cache', service: services.indexOf('cache'), latency: { type: 'deterministic', value: h('5ms') }, timeout: h('1s') },
            { name: 'default', service: null, latency: { type: 'deterministic', value: h('1ms') }, timeout: null },
          ],
          usesExecutors: true,
        },
        {
          name: 'spiky',
          arrivals: { type: 'profile', steps: [{ from: 0, rate: 18000 }, { from: h('10min'), rate: 180000 }, { from: h('12min'), rate: 18000 }] },
          execution: { type: 'exponential', mean: h('1s') },
          service: null,
          timeout: null,
          errorProbability: 0.3,
          loss: null,
          lossEpisodes: null,
          slow: null,
          network: null,
          memory: 0,
          retry: null,
          breaker: null,
          bulkhead: null,
          fallbacks: [],
          usesExecutors: true,
        },
      ],
      breakers: [
        { type: 'consecutive', name: 'cluster', threshold: 5, resetTimeout: h('30s'), halfOpenSuccesses: 3, failureCauses: ['service_down', 'timeout'] },
        {
          type: 'slidingWindow',
          name: 'r4j',
          window: 'count',
          size: 100,
          minimumCalls: 100,
          failureRateThreshold: 0.5,
          slowCallRateThreshold: 1,
          slowCallDuration: h('60s'),
          permittedInHalfOpen: 10,
          waitInOpen: h('60s'),
          failureCauses: ['service_down', 'timeout'],
        },
      ],
      bulkheads: [{ name: 'ml', maxConcurrent: 10, queue: 0, queueTimeout: h('1s') }],
      executors: { group: 1, slots: 4, queueLimit: 100, queueTimeout: h('10s'), cancelOnTimeout: false },
      memory: { capacity: 64, overhead: 0.2, admission: 'reject' },
      drain: h('5min'),
    };
    expect(s.workload).toEqual(expected);
    expect(s.groups[1]?.name).toBe('executors');
    expect(Object.keys(s)).toEqual(['name', 'description', 'horizon', 'warmup', 'grid', 'windows', 'crews', 'groups', 'network', 'services', 'workload', 'stopAt']);
    expect(() => checkScenario(s)).not.toThrow();
  });

  it("resolves the example of docs/workloads.md", () => {
    const readme = readFileSync(new URL('../../docs/workloads.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Workload'));
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1] as string;
    const { workload } = JSON.parse(`{${block}}`);
    expect(validateScenario(scenarioWith(workload)).workload?.classes.map((c) => c.name)).toEqual(['simple_select', 'spiky']);
  });

  it('leaves a scenario without a workload as it was: no workload key', () => {
    const s = validateScenario(structuredClone(base));
    expect('workload' in s).toBe(false);
  });

  it('fills the defaults', () => {
    const s = validateScenario(
      scenarioWith({
        executors: { group: 'executors', slots: 2 },
        memory: { capacity: 8 },
        breakers: { a: { type: 'consecutive' }, b: { type: 'slidingWindow' }, c: { type: 'slidingWindow', window: 'time' } },
        bulkheads: { p: { maxConcurrent: 3 } },
        classes: {
          q: { rate: 100, execution: { type: 'deterministic', value: '1s' }, timeout: '2s', retry: { maxRetries: 2 }, breaker: 'a', bulkhead: 'p' },
          r: { rate: 1, execution: { type: 'uniform', min: 0, max: '3s' }, usesExecutors: false, retry: { maxRetries: 1, backoff: { type: 'constant', delay: '1s' } } },
          t: { rate: 1, execution: { type: 'uniform', min: 0, max: '3s' }, timeout: '1s', retry: { maxRetries: 1, backoff: { type: 'exponential', base: '1s' } } },
        },
      }),
    );
    const w = s.workload as WorkloadSpec;
    expect(w.executors).toEqual({ group: 1, slots: 2, queueLimit: Infinity, queueTimeout: null, cancelOnTimeout: false });
    expect(w.memory).toEqual({ capacity: 8, overhead: 0, admission: 'reject' });
    expect(w.breakers[0]).toEqual({ type: 'consecutive', name: 'a', threshold: 5, resetTimeout: h('30s'), halfOpenSuccesses: 1, failureCauses: ['service_down', 'timeout'] });
    expect(w.breakers[1]).toMatchObject({ window: 'count', size: 100, minimumCalls: 100, failureRateThreshold: 0.5, slowCallRateThreshold: 1, slowCallDuration: h('60s'), permittedInHalfOpen: 10, waitInOpen: h('60s'), failureCauses: ['service_down', 'timeout'] });
    expect(w.breakers[2]).toMatchObject({ window: 'time', size: h('100s') });
    expect(w.bulkheads).toEqual([{ name: 'p', maxConcurrent: 3, queue: 0, queueTimeout: null }]);
    const [q, r, t] = w.classes;
    expect(q).toMatchObject({ service: null, memory: 0, usesExecutors: true, fallbacks: [], breaker: 0, bulkhead: 0 });
    expect(q?.retry).toEqual({ maxRetries: 2, backoff: { base: 0, multiplier: 1, cap: Infinity, jitter: 'none' }, on: ['service_down', 'timeout'], budget: null });
    expect(r).toMatchObject({ usesExecutors: false, timeout: null });
    expect(r?.retry?.backoff).toEqual({ base: h('1s'), multiplier: 1, cap: Infinity, jitter: 'none' });
    expect(t?.retry?.backoff).toEqual({ base: h('1s'), multiplier: 2, cap: Infinity, jitter: 'none' });
    // Default drain: q 3 attempts of at most its 2 s timeout; r (no executors, no queue) 2 × 3 s + 1 s; t 2 × 1 s + 1 s.
    expect(w.drain).toBeCloseTo(h('7s'), 15);
    expect(validateScenario(scenarioWith(minimal)).workload).toMatchObject({ executors: null, memory: null, breakers: [], bulkheads: [], drain: h('1s') });
  });

  it('bounds the default drain by the longest lifetime: attempts, backoff delays and fallbacks', () => {
    const select = { ...example.classes.simple_select, bulkhead: undefined, breaker: undefined };
    const w = validateScenario(scenarioWith({ ...example, drain: undefined, breakers: undefined, bulkheads: undefined, classes: { select } })).workload as WorkloadSpec;
    // 4 attempts × 30 s (the lognormal is unbounded) + (0.1 + 0.2 + 0.4) s of backoff + 5 ms (cache: its latency, below its 1 s timeout) + 1 ms.
    expect(w.drain * 3600).toBeCloseTo(4 * 30 + 0.7 + 0.005 + 0.001, 9);
    // No timeout: the executors' queue waits at most its 10 s, then the uniform runs at most 2 s; decorrelated delays ≤ min(cap, base·3^k).
    const bounded = { rate: 1, execution: { type: 'uniform', min: 0, max: '2s' }, retry: { maxRetries: 3, backoff: { type: 'exponential', base: '1s', cap: '10s', jitter: 'decorrelated' } } };
    const d = validateScenario(scenarioWith({ executors: example.executors, classes: { bounded } })).workload as WorkloadSpec;
    expect(d.drain * 3600).toBeCloseTo(4 * 12 + 3 + 9 + 10, 9);
    expect(cappedGeometricSum(1, 2, Infinity, 3)).toBe(7);
    expect(cappedGeometricSum(1, 2, 3, 4)).toBe(1 + 2 + 3 + 3);
    expect(cappedGeometricSum(5, 2, 3, 4)).toBe(12);
    expect(cappedGeometricSum(1, 1, Infinity, 1e12)).toBe(1e12);
  });

  it('reads a lognormal unit as the unit of ln(duration): mu in hours = mu + ln(hours per unit), everywhere', () => {
    const s = validateScenario(
      scenarioWith(minimal, (x) => {
        x.groups.executors.repair = { type: 'lognormal', mu: 3, sigma: 1, unit: 'min' };
        x.groups.coordinators.repair = { type: 'lognormal', mu: Math.log(4), sigma: 0.5, unit: 'h' };
        x.workload.classes.q.execution = { type: 'lognormal', mu: 1, sigma: 0.5, unit: 'ms' };
        x.shocks = { zone: { every: { type: 'lognormal', mu: 0, sigma: 1, unit: 'd' }, members: ['executors'] } };
        x.workload.drain = 0;
      }),
    );
    expect(s.groups[1]?.repair).toEqual({ type: 'lognormal', mu: 3 - Math.log(60), sigma: 1 });
    expect(s.groups[0]?.repair).toEqual({ type: 'lognormal', mu: Math.log(4), sigma: 0.5 });
    expect(s.workload?.classes[0]?.execution).toEqual({ type: 'lognormal', mu: 1 - Math.log(3_600_000), sigma: 0.5 });
    expect(s.shocks?.[0]?.every).toEqual({ type: 'lognormal', mu: Math.log(24), sigma: 1 });
    // Without a unit, nothing changes.
    expect(validateScenario(scenarioWith(minimal, (x) => (x.groups.executors.repair = { type: 'lognormal', mu: 3, sigma: 1 }))).groups[1]?.repair).toEqual({ type: 'lognormal', mu: 3, sigma: 1 });
  });

  it('describes the fragment in the JSON Schema with its bounds and enums', () => {
    const schema = scenarioJsonSchema() as any;
    const workload = schema.properties.workload;
    expect(Object.keys(workload.properties)).toEqual(['drain', 'executors', 'memory', 'breakers', 'bulkheads', 'classes']);
    expect(workload.additionalProperties).toBe(false);
    const cls = workload.properties.classes.additionalProperties;
    expect(cls.properties.rate.anyOf).toEqual([expect.objectContaining({ type: 'number', exclusiveMinimum: 0 }), expect.objectContaining({ type: 'string', pattern: expect.stringContaining('/') })]);
    expect(cls.properties.memory).toMatchObject({ type: 'number', minimum: 0 });
    expect(cls.properties.retry.properties.maxRetries).toMatchObject({ type: 'integer', minimum: 0 });
    expect(cls.properties.retry.properties.on.items.enum).toEqual(['service_down', 'timeout', 'error', 'rejected', 'out_of_memory', 'breaker_open', 'lost']);
    expect(cls.properties.errorProbability).toMatchObject({ minimum: 0, maximum: 1 });
    expect(workload.properties.executors.properties.slots).toMatchObject({ type: 'integer', minimum: 1 });
    expect(workload.properties.memory.properties.overhead).toMatchObject({ minimum: 0, exclusiveMaximum: 1 });
    expect(workload.properties.memory.properties.admission.enum).toEqual(['reject', 'none']);
    const text = JSON.stringify(schema);
    expect(text).toContain('"slidingWindow"');
    expect(text).toContain('"decorrelated"');
    expect(text).toContain('"failureRateThreshold":{"type":"number"');
    const lognormal = schema.properties.groups.additionalProperties.properties.failure.oneOf.find((o: any) => o.properties.type.const === 'lognormal');
    expect(lognormal.properties.unit.enum).toEqual(['ms', 's', 'sec', 'min', 'h', 'hr', 'd', 'w', 'y']);
  });

  // Each mistake, the JSON path its message must name, and the value as written.
  const mistakes: [string, (w: any) => void, RegExp][] = [
    ['both rate and profile', (w) => (w.classes.spiky.rate = 1), /workload\.classes\.spiky: expected either \{rate\} or \{profile\}, not both/],
    ['neither rate nor profile', (w) => delete w.classes.spiky.profile, /workload\.classes\.spiky: expected either \{rate\} or \{profile\}, not neither/],
    ['a rate that is not positive', (w) => (w.classes.simple_select.rate = '0/s'), /workload\.classes\.simple_select\.rate: expected a positive rate .*, got "0\/s"/],
    ['a rate in an unknown format', (w) => (w.classes.simple_select.rate = '5 per s'), /workload\.classes\.simple_select\.rate: expected a positive rate .*, got "5 per s"/],
    ['a profile not starting at 0', (w) => (w.classes.spiky.profile[0].from = '1min'), /workload\.classes\.spiky\.profile\.0\.from: expected 0 \(the first step starts at time 0\), got "1min"/],
    ['a profile out of order', (w) => (w.classes.spiky.profile[2].from = '10min'), /workload\.classes\.spiky\.profile\.2\.from: expected a time after the previous step's .*, got "10min"/],
    ['a profile of zero rates', (w) => (w.classes.spiky.profile = [{ from: 0, rate: 0 }]), /workload\.classes\.spiky\.profile: expected at least one step with a rate > 0, got \[\{"from":0,"rate":0\}\]/],
    ['a negative profile rate', (w) => (w.classes.spiky.profile[1].rate = -1), /workload\.classes\.spiky\.profile\.1\.rate: expected a non-negative rate .*, got -1/],
    ['a profile step past the horizon', (w) => (w.classes.spiky.profile[2].from = '2d'), /workload\.classes\.spiky\.profile\.2\.from: expected less than the horizon \(24 h\), got "2d"/],
    ['an unknown service', (w) => (w.classes.simple_select.service = 'clustr'), /workload\.classes\.simple_select\.service: expected the name of a service \("cluster", "cache"\), got "clustr"/],
    ['a negative timeout', (w) => (w.classes.simple_select.timeout = '-1s'), /workload\.classes\.simple_select\.timeout: expected a positive duration .*, got "-1s"/],
    ['an error probability above 1', (w) => (w.classes.spiky.errorProbability = 1.5), /workload\.classes\.spiky\.errorProbability: expected a probability in \[0, 1\], got 1\.5/],
    ['a negative memory', (w) => (w.classes.simple_select.memory = -2), /workload\.classes\.simple_select\.memory: expected a finite number >= 0, got -2/],
    ['memory without workload.memory', (w) => delete w.memory, /workload\.classes\.simple_select\.memory: expected 0 \(or no memory\) without workload\.memory, got 2/],
    ['usesExecutors without executors', (w) => delete w.executors, /workload\.classes\.simple_select\.usesExecutors: expected false \(or absent\) without workload\.executors, got true/],
    ['a lognormal unit with mean/sd', (w) => (w.classes.simple_select.execution = { type: 'lognormal', mean: '1s', sd: '1s', unit: 's' }), /workload\.classes\.simple_select\.execution\.unit: expected no unit with mean\/sd .*, got "s"/],
    ['an unknown lognormal unit', (w) => (w.classes.simple_select.execution.unit = 'hours'), /workload\.classes\.simple_select\.execution\.unit: expected one of "ms", "s", .*, got "hours"/],
    ['a fractional maxRetries', (w) => (w.classes.simple_select.retry.maxRetries = 1.5), /workload\.classes\.simple_select\.retry\.maxRetries: expected an integer >= 0, got 1\.5/],
    ['a missing maxRetries', (w) => delete w.classes.simple_select.retry.maxRetries, /workload\.classes\.simple_select\.retry\.maxRetries: expected a value \(number\), got undefined/],
    ['a multiplier below 1', (w) => (w.classes.simple_select.retry.backoff.multiplier = 0.5), /workload\.classes\.simple_select\.retry\.backoff\.multiplier: expected a finite number >= 1, got 0\.5/],
    ['a cap below base', (w) => (w.classes.simple_select.retry.backoff.cap = '10ms'), /workload\.classes\.simple_select\.retry\.backoff\.cap: expected a duration >= base .*, got "10ms"/],
    ['decorrelated jitter without a cap', (w) => { delete w.classes.simple_select.retry.backoff.cap; w.classes.simple_select.retry.backoff.jitter = 'decorrelated'; }, /workload\.classes\.simple_select\.retry\.backoff\.jitter: expected a cap with decorrelated jitter .*, got "decorrelated"/],
    ['decorrelated jitter on a constant backoff', (w) => (w.classes.simple_select.retry.backoff = { type: 'constant', delay: '1s', jitter: 'decorrelated' }), /workload\.classes\.simple_select\.retry\.backoff\.jitter: expected "none", "full" or "equal" for a constant backoff .*, got "decorrelated"/],
    ['an unknown jitter', (w) => (w.classes.simple_select.retry.backoff.jitter = 'random'), /workload\.classes\.simple_select\.retry\.backoff\.jitter: expected one of "none", "full", "equal", "decorrelated", got "random"/],
    ['an unknown backoff type', (w) => (w.classes.simple_select.retry.backoff.type = 'linear'), /workload\.classes\.simple_select\.retry\.backoff\.type: expected a backoff type: "constant" or "exponential", got "linear"/],
    ['an unknown retry cause', (w) => (w.classes.simple_select.retry.on = ['timeout', 'oops']), /workload\.classes\.simple_select\.retry\.on\.1: expected one of "service_down", .*, got "oops"/],
    ['a retry cause twice', (w) => (w.classes.simple_select.retry.on = ['timeout', 'timeout']), /workload\.classes\.simple_select\.retry\.on\.1: expected each cause once, got "timeout"/],
    ['a zero budget ratio', (w) => (w.classes.simple_select.retry.budget.ratio = 0), /workload\.classes\.simple_select\.retry\.budget\.ratio: expected a finite number > 0, got 0/],
    ['a budget capacity below 1', (w) => (w.classes.simple_select.retry.budget.capacity = 0.5), /workload\.classes\.simple_select\.retry\.budget\.capacity: expected a finite number >= 1, got 0\.5/],
    ['an unknown breaker type', (w) => (w.breakers.cluster.type = 'hystrix'), /workload\.breakers\.cluster\.type: expected a breaker type: "consecutive" \(alias "seed003"\) or "slidingWindow" \(alias "resilience4j"\), got "hystrix"/],
    ['a zero threshold', (w) => (w.breakers.cluster.threshold = 0), /workload\.breakers\.cluster\.threshold: expected an integer >= 1, got 0/],
    ['a failure rate threshold above 1', (w) => (w.breakers.r4j.failureRateThreshold = 50), /workload\.breakers\.r4j\.failureRateThreshold: expected a number in \(0, 1\], got 50/],
    ['a slow-call threshold of 0', (w) => (w.breakers.r4j.slowCallRateThreshold = 0), /workload\.breakers\.r4j\.slowCallRateThreshold: expected a number in \(0, 1\], got 0/],
    ['a time window of fractional seconds', (w) => Object.assign(w.breakers.r4j, { window: 'time', size: '1.5s' }), /workload\.breakers\.r4j\.size: expected a duration .* of a whole number of seconds .*, got "1\.5s"/],
    ['a time window under a second', (w) => Object.assign(w.breakers.r4j, { window: 'time', size: '500ms' }), /workload\.breakers\.r4j\.size: expected a duration .* of a whole number of seconds .*, got "500ms"/],
    ['a count window given as a duration', (w) => (w.breakers.r4j.size = '100s'), /workload\.breakers\.r4j\.size: expected an integer in 1\.\.1000000 \(calls, for a count window\), got "100s"/],
    ['a breaker recording its own rejections', (w) => (w.breakers.cluster.failureCauses = ['timeout', 'breaker_open']), /workload\.breakers\.cluster\.failureCauses\.1: expected a cause other than "breaker_open" .*, got "breaker_open"/],
    ['an unknown breaker', (w) => (w.classes.simple_select.breaker = 'clstr'), /workload\.classes\.simple_select\.breaker: expected the name of one of workload\.breakers \("cluster", "r4j"\), got "clstr"/],
    ['an unknown bulkhead', (w) => (w.classes.simple_select.bulkhead = 'gpu'), /workload\.classes\.simple_select\.bulkhead: expected the name of one of workload\.bulkheads \("ml"\), got "gpu"/],
    ['a bulkhead of no calls', (w) => (w.bulkheads.ml.maxConcurrent = 0), /workload\.bulkheads\.ml\.maxConcurrent: expected an integer >= 1, got 0/],
    ['a negative bulkhead queue', (w) => (w.bulkheads.ml.queue = -1), /workload\.bulkheads\.ml\.queue: expected an integer >= 0, got -1/],
    ['executors of an unknown group', (w) => (w.executors.group = 'workers'), /workload\.executors\.group: expected the name of a group \("coordinators", "executors", "redis"\), got "workers"/],
    ['zero slots', (w) => (w.executors.slots = 0), /workload\.executors\.slots: expected an integer >= 1, got 0/],
    ['a fractional queue limit', (w) => (w.executors.queueLimit = 1.5), /workload\.executors\.queueLimit: expected an integer >= 0, got 1\.5/],
    ['a zero memory capacity', (w) => (w.memory.capacity = 0), /workload\.memory\.capacity: expected a finite number > 0, got 0/],
    ['an overhead of 1', (w) => (w.memory.overhead = 1), /workload\.memory\.overhead: expected a number in \[0, 1\), got 1/],
    ['an unknown admission', (w) => (w.memory.admission = 'swap'), /workload\.memory\.admission: expected one of "reject", "none", got "swap"/],
    ['two fallbacks of one name', (w) => (w.classes.simple_select.fallbacks[1].name = 'cache'), /workload\.classes\.simple_select\.fallbacks\.1\.name: expected a name not used by an earlier fallback of the class, got "cache"/],
    ['a fallback on an unknown service', (w) => (w.classes.simple_select.fallbacks[0].service = 'memcached'), /workload\.classes\.simple_select\.fallbacks\.0\.service: expected the name of a service .*, got "memcached"/],
    ['a fallback without a latency', (w) => delete w.classes.simple_select.fallbacks[1].latency, /workload\.classes\.simple_select\.fallbacks\.1\.latency: expected a value/],
    ['no drain with an unbounded class', (w) => delete w.drain, /workload\.drain: expected a duration \(class "spiky" has no bound on a query's lifetime: give it a timeout or set drain\), got undefined \(class "spiky": no timeout, and its execution law, exponential, is unbounded\)/],
    ['a drain past horizon − warmup', (w) => (w.drain = '1d'), /workload\.drain: expected less than horizon − warmup \(24 h\), got "1d"/],
    ['a negative drain', (w) => (w.drain = -1), /workload\.drain: expected a non-negative duration .*, got -1/],
    ['no query class', (w) => (w.classes = {}), /workload\.classes: expected at least one query class, got \{\}/],
    ['a bad class name', (w) => (w.classes['1st'] = w.classes.spiky), /workload\.classes\.1st: expected a name of letters, .*, got "1st"/],
    ['an unknown field in a class', (w) => (w.classes.spiky.timout = '1s'), /workload\.classes\.spiky\.timout: unknown field, got "1s"/],
    ['an unknown field in the fragment', (w) => (w.clases = {}), /workload\.clases: unknown field, got \{\}/],
    ['too many fallbacks', (w) => (w.classes.simple_select.fallbacks = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, latency: { type: 'deterministic', value: 0 } }))), /workload\.classes\.simple_select\.fallbacks: expected at most 100 fallbacks, got 101/],
  ];

  it.each(mistakes)('rejects %s, naming the field and the value', (_what, edit, message) => {
    const act = () => validateScenario(scenarioWith(example, (s) => edit(s.workload)), 'wl.json');
    expect(act).toThrow(FaultlineError);
    expect(act).toThrow(message);
  });

  it('refuses a default drain that leaves nothing to measure, naming the class that sets it', () => {
    const long = { rate: 1, execution: { type: 'exponential', mean: '1s' }, timeout: '2h', retry: { maxRetries: 20 } };
    expect(() => validateScenario(scenarioWith({ classes: { long } }))).toThrow(/workload\.drain: expected a duration less than horizon − warmup \(24 h\): its default, the longest lifetime of a query \(class "long": 42 h\), is too long/);
    expect(() => validateScenario(scenarioWith({ drain: '1h', classes: { long } }, (s) => (s.warmup = '23h')))).toThrow(/workload\.drain: expected less than horizon − warmup \(1 h\), got "1h"/);
  });

  it('names the queues that leave a class without a timeout unbounded', () => {
    const q = { rate: 1, execution: { type: 'deterministic', value: '1s' }, bulkhead: 'p' };
    expect(() => validateScenario(scenarioWith({ executors: { group: 'executors', slots: 1 }, bulkheads: { p: { maxConcurrent: 1, queue: 5 } }, classes: { q } }))).toThrow(
      /class "q": no timeout, and its bulkhead "p" has a queue without a queueTimeout, and the executors have a queue without a queueTimeout\)/,
    );
    // No queue (queueLimit 0, queue 0): rejected at once, so bounded by the execution law.
    const w = validateScenario(scenarioWith({ executors: { group: 'executors', slots: 1, queueLimit: 0 }, bulkheads: { p: { maxConcurrent: 1 } }, classes: { q } })).workload;
    expect(w?.drain).toBe(h('1s'));
  });

  it('names a fallback with an unbounded latency and no timeout', () => {
    const q = { rate: 1, execution: { type: 'deterministic', value: '1s' }, fallbacks: [{ name: 'slow', latency: { type: 'exponential', mean: '1s' } }] };
    expect(() => validateScenario(scenarioWith({ classes: { q } }))).toThrow(/class "q": its fallback "slow" has no timeout and an unbounded latency law, exponential/);
  });

  it('reports every problem together', () => {
    const act = () =>
      validateScenario(scenarioWith(example, (s) => {
        s.workload.classes.simple_select.service = 'nope';
        s.workload.classes.simple_select.breaker = 'nope';
        s.workload.executors.group = 'nope';
      }));
    expect(act).toThrow(/3 problems:/);
  });

  it('checkScenario builds the workload laws as the simulation does', () => {
    const s = validateScenario(scenarioWith(minimal, (x) => (x.workload.classes.q.execution = { type: 'uniform', min: '2s', max: '1s' })));
    expect(() => checkScenario(s)).toThrow(/workload\.classes\.q\.execution/);
  });
});

describe('workload: breakers named after the semantics they reproduce', () => {
  it('"seed003" is the consecutive breaker and "resilience4j" the sliding-window one', () => {
    const make = (type: string) =>
      validateScenario({
        name: 'a',
        description: 'a',
        horizon: 1,
        groups: { n: { failure: { type: 'deterministic', value: 100 } } },
        services: { s: { all: ['n'] } },
        workload: { breakers: { b: { type } }, classes: { q: { rate: '1/s', execution: { type: 'deterministic', value: '1s' }, breaker: 'b' } } },
      }).workload?.breakers[0];
    expect(make('seed003')).toEqual(make('consecutive'));
    expect(make('resilience4j')).toEqual(make('slidingWindow'));
  });
});
