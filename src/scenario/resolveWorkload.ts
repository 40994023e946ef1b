/**
 * The `workload` of a scenario file resolved into a `WorkloadSpec`: defaults filled, names turned
 * into indices (services, groups, breakers, bulkheads), and the default `drain` computed from the
 * longest lifetime a query can have. Its distributions are built (and their parameters checked)
 * by `checkScenario` in sim/, as the groups' are: scenario/ draws nothing (docs/architecture.md).
 */
import { describeValue } from '../errors.js';
import { DURATION_HINT, parseDuration } from './duration.js';
import { LIMITS, valueAt } from './limits.js';
import type { DistributionInput, QueryClassInput, WorkloadInput } from './schema.js';
import type { ScenarioDistribution } from './validateScenario.js';
import type {
  ArrivalSpec,
  BackoffSpec,
  BreakerSpec,
  BulkheadSpec,
  ExecutorsSpec,
  FailureCause,
  FallbackSpec,
  MemorySpec,
  QueryClassSpec,
  RetrySpec,
  WorkloadSpec,
} from './workloadSpec.js';

/** What `resolveWorkload` needs of the rest of the scenario, already resolved. */
export interface WorkloadContext {
  readonly horizon: number;
  readonly warmup: number;
  /** The scenario's groups in order (the network's link group last): `executors.group` indexes them. */
  readonly groups: readonly { readonly name: string }[];
  /** The scenario's services in their resolved (dependency) order: a class's `service` indexes them. */
  readonly services: readonly { readonly name: string }[];
}

/** The defaults of the file format, as written (so that a default and the same value written explicitly resolve alike). */
const DEFAULT_CAUSES: readonly FailureCause[] = ['service_down', 'timeout'];
const CONSECUTIVE_DEFAULTS = { threshold: 5, resetTimeout: '30s', halfOpenSuccesses: 1 } as const;
/** resilience4j's defaults (resilience4j.readme.io/docs/circuitbreaker); a time window's default size is 100 s. */
const SLIDING_DEFAULTS = {
  window: 'count',
  countSize: 100,
  timeSize: '100s',
  minimumCalls: 100,
  failureRateThreshold: 0.5,
  slowCallRateThreshold: 1,
  slowCallDuration: '60s',
  permittedInHalfOpen: 10,
  waitInOpen: '60s',
} as const;
const DEFAULT_MULTIPLIER = 2;
/** No backoff: a retry follows the failure at once. */
const NO_BACKOFF: BackoffSpec = { base: 0, multiplier: 1, cap: Infinity, jitter: 'none' };

const hours = (d: string): number => parseDuration(d) as number;

/** A list of names for a message: quoted, the first ten, then how many more. */
function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none declared';
  const shown = names.slice(0, 10).map((n) => describeValue(n)).join(', ');
  return names.length > 10 ? `${shown}, … ${names.length - 10} more` : shown;
}

/**
 * Resolves `input` (the parsed `workload` of the file, `root` the whole file as written, for
 * quoting values) against the resolved groups and services, pushing each problem as
 * `workload.….: expected …, got <value as written>`. The limits (LIMITS.queryClasses,
 * profileSteps, fallbacks, breakers, bulkheads, breakerWindow) are checked first. Returns
 * undefined when a problem was found.
 *
 * Checks beyond the schema: names (a class's service, breaker and bulkhead, a fallback's service,
 * the executors' group); a class's memory needs `workload.memory`, `usesExecutors` needs
 * `workload.executors`; a breaker records no `breaker_open`; a time window is a whole number of
 * seconds; profile times are before the horizon; and `drain` (given, or its default,
 * `lifetimeBound`'s largest) leaves horizon − drain > warmup. The default needs every class
 * bounded: see `lifetimeBound`.
 */
export function resolveWorkload(input: WorkloadInput, root: unknown, context: WorkloadContext, problems: string[]): WorkloadSpec | undefined {
  const before = problems.length;
  const got = (...path: PropertyKey[]): string => describeValue(valueAt(root, ['workload', ...path]));
  const classEntries = Object.entries(input.classes);
  const breakerEntries = Object.entries(input.breakers ?? {});
  const bulkheadEntries = Object.entries(input.bulkheads ?? {});
  const steps = classEntries.reduce((n, [, c]) => n + (c.profile?.length ?? 0), 0);
  const over = (path: string, limit: number, what: string, count: number) => problems.push(`${path}: expected at most ${limit} ${what}, got ${count}`);
  if (classEntries.length > LIMITS.queryClasses) over('workload.classes', LIMITS.queryClasses, 'query classes', classEntries.length);
  if (steps > LIMITS.profileSteps) over('workload.classes', LIMITS.profileSteps, 'profile steps in all classes together', steps);
  if (breakerEntries.length > LIMITS.breakers) over('workload.breakers', LIMITS.breakers, 'breakers', breakerEntries.length);
  if (bulkheadEntries.length > LIMITS.bulkheads) over('workload.bulkheads', LIMITS.bulkheads, 'bulkheads', bulkheadEntries.length);
  for (const [name, c] of classEntries) {
    const n = c.fallbacks?.length ?? 0;
    if (n > LIMITS.fallbacks) over(`workload.classes.${name}.fallbacks`, LIMITS.fallbacks, 'fallbacks', n);
  }
  if (problems.length > before) return undefined;

  const executors = input.executors === undefined ? null : resolveExecutors(input.executors, context, problems);
  const memory: MemorySpec | null =
    input.memory === undefined ? null : { capacity: input.memory.capacity, overhead: input.memory.overhead ?? 0, admission: input.memory.admission ?? 'reject' };
  const breakers = breakerEntries.map(([name, b]) => resolveBreaker(name, b, got, problems));
  const bulkheads: BulkheadSpec[] = bulkheadEntries.map(([name, b]) => ({ name, maxConcurrent: b.maxConcurrent, queue: b.queue ?? 0, queueTimeout: b.queueTimeout ?? null }));

  const serviceIndex = (path: string, name: string | null | undefined, raw: string): number | null => {
    if (name === null || name === undefined) return null;
    const i = context.services.findIndex((s) => s.name === name);
    if (i < 0) problems.push(`${path}: expected the name of a service (${listNames(context.services.map((s) => s.name))}), got ${raw}`);
    return i < 0 ? null : i;
  };
  const classes: QueryClassSpec[] = [];
  /** The lifetime bound of each class, in the order of `classes` (Infinity: none, with the reason). */
  const bounds: { readonly name: string; readonly bound: number; readonly why: string }[] = [];
  for (const [name, c] of classEntries) {
    const path = `workload.classes.${name}`;
    const at = (...keys: PropertyKey[]) => got('classes', name, ...keys);
    const arrivals = resolveArrivals(c, path, context.horizon, at, problems);
    const execution = stripUndefined(c.execution);
    const service = serviceIndex(`${path}.service`, c.service, at('service'));
    const classMemory = c.memory ?? 0;
    if (classMemory > 0 && memory === null) problems.push(`${path}.memory: expected 0 (or no memory) without workload.memory, got ${at('memory')}`);
    const usesExecutors = c.usesExecutors ?? input.executors !== undefined;
    if (usesExecutors && input.executors === undefined) problems.push(`${path}.usesExecutors: expected false (or absent) without workload.executors, got ${at('usesExecutors')}`);
    const named = (key: 'breaker' | 'bulkhead', list: readonly { name: string }[], listPath: string): number | null => {
      const wanted = c[key];
      if (wanted === undefined) return null;
      const i = list.findIndex((x) => x.name === wanted);
      if (i < 0) problems.push(`${path}.${key}: expected the name of one of ${listPath} (${listNames(list.map((x) => x.name))}), got ${at(key)}`);
      return i < 0 ? null : i;
    };
    const breaker = named('breaker', breakerEntries.map(([n]) => ({ name: n })), 'workload.breakers');
    const bulkhead = named('bulkhead', bulkheads, 'workload.bulkheads');
    const fallbacks: FallbackSpec[] = (c.fallbacks ?? []).map((f, i) => ({
      name: f.name,
      service: serviceIndex(`${path}.fallbacks.${i}.service`, f.service, at('fallbacks', i, 'service')),
      latency: stripUndefined(f.latency),
      timeout: f.timeout ?? null,
    }));
    const retry = resolveRetry(c.retry);
    const loss = c.loss === undefined ? null : typeof c.loss === 'number' ? { request: c.loss, response: c.loss } : { request: c.loss.request ?? 0, response: c.loss.response ?? 0 };
    if (loss !== null && c.timeout === undefined) problems.push(`${path}.loss: expected no loss without a timeout (a lost message is noticed only at the attempt's timeout), got ${at('loss')}`);
    const lossEpisodes = typeof c.loss === 'object' && c.loss.episodes !== undefined ? { every: stripUndefined(c.loss.episodes.every), duration: stripUndefined(c.loss.episodes.duration) } : null;
    const slow = c.slow === undefined ? null : { every: stripUndefined(c.slow.every), duration: stripUndefined(c.slow.duration), factor: c.slow.factor };
    const network =
      c.network === undefined ? null : { request: c.network.request === undefined ? null : stripUndefined(c.network.request), response: c.network.response === undefined ? null : stripUndefined(c.network.response) };
    if (arrivals === undefined) continue;
    const spec: QueryClassSpec = {
      name,
      arrivals,
      execution,
      service,
      timeout: c.timeout ?? null,
      errorProbability: c.errorProbability ?? 0,
      loss,
      lossEpisodes,
      slow,
      network,
      memory: classMemory,
      retry,
      breaker,
      bulkhead,
      fallbacks,
      usesExecutors,
    };
    classes.push(spec);
    bounds.push({ name, ...lifetimeBound(spec, usesExecutors ? executors : null, bulkhead === null ? null : (bulkheads[bulkhead] as BulkheadSpec)) });
  }
  if (problems.length > before) return undefined;

  let drain: number;
  if (input.drain !== undefined) {
    drain = input.drain;
    if (!(context.horizon - drain > context.warmup)) {
      problems.push(`workload.drain: expected less than horizon − warmup (${context.horizon - context.warmup} h), got ${got('drain')}`);
    }
  } else {
    const unbounded = bounds.find((b) => !Number.isFinite(b.bound));
    const longest = bounds.reduce((a, b) => (b.bound > a.bound ? b : a), { name: '', bound: 0, why: '' });
    drain = longest.bound;
    if (unbounded !== undefined) {
      problems.push(`workload.drain: expected a duration (class ${describeValue(unbounded.name)} has no bound on a query's lifetime: give it a timeout or set drain), got undefined (class ${describeValue(unbounded.name)}: ${unbounded.why})`);
    } else if (!(context.horizon - drain > context.warmup)) {
      problems.push(
        `workload.drain: expected a duration less than horizon − warmup (${context.horizon - context.warmup} h): its default, the longest lifetime of a query (class ${describeValue(longest.name)}: ${drain} h), is too long; set drain, or shorten the timeouts, got undefined`,
      );
    }
  }
  if (problems.length > before) return undefined;
  return { classes, breakers, bulkheads, executors, memory, drain };
}

function resolveExecutors(input: NonNullable<WorkloadInput['executors']>, context: WorkloadContext, problems: string[]): ExecutorsSpec | null {
  const group = context.groups.findIndex((g) => g.name === input.group);
  if (group < 0) {
    problems.push(`workload.executors.group: expected the name of a group (${listNames(context.groups.map((g) => g.name))}), got ${describeValue(input.group)}`);
    return null;
  }
  return { group, slots: input.slots, queueLimit: input.queueLimit ?? Infinity, queueTimeout: input.queueTimeout ?? null, cancelOnTimeout: input.cancelOnTimeout ?? false };
}

type BreakerInput = NonNullable<WorkloadInput['breakers']>[string];

/** Seed 001/003's breaker, by its name or its alias. */
function isConsecutive(b: BreakerInput): b is Extract<BreakerInput, { type: 'consecutive' | 'seed003' }> {
  return b.type === 'consecutive' || b.type === 'seed003';
}

function resolveBreaker(name: string, b: BreakerInput, got: (...path: PropertyKey[]) => string, problems: string[]): BreakerSpec {
  const path = `workload.breakers.${name}`;
  const failureCauses = b.failureCauses ?? DEFAULT_CAUSES;
  const open = failureCauses.indexOf('breaker_open');
  if (open >= 0) {
    problems.push(`${path}.failureCauses.${open}: expected a cause other than "breaker_open" (a call the breaker does not permit is never recorded), got ${got('breakers', name, 'failureCauses', open)}`);
  }
  if (isConsecutive(b)) {
    return {
      type: 'consecutive',
      name,
      threshold: b.threshold ?? CONSECUTIVE_DEFAULTS.threshold,
      resetTimeout: b.resetTimeout ?? hours(CONSECUTIVE_DEFAULTS.resetTimeout),
      halfOpenSuccesses: b.halfOpenSuccesses ?? CONSECUTIVE_DEFAULTS.halfOpenSuccesses,
      failureCauses,
    };
  }
  const window = b.window ?? SLIDING_DEFAULTS.window;
  let size: number;
  if (window === 'count') {
    size = b.size === undefined ? SLIDING_DEFAULTS.countSize : typeof b.size === 'number' ? b.size : NaN;
    if (!(Number.isSafeInteger(size) && size >= 1 && size <= LIMITS.breakerWindow)) {
      problems.push(`${path}.size: expected an integer in 1..${LIMITS.breakerWindow} (calls, for a count window), got ${got('breakers', name, 'size')}`);
    }
  } else {
    size = b.size === undefined ? hours(SLIDING_DEFAULTS.timeSize) : (parseDuration(b.size) ?? NaN);
    const seconds = size * 3600;
    if (!(seconds >= 1 - 1e-9 && Math.abs(seconds - Math.round(seconds)) <= 1e-9 * seconds && Math.round(seconds) <= LIMITS.breakerWindow)) {
      problems.push(`${path}.size: expected a ${DURATION_HINT} of a whole number of seconds in 1..${LIMITS.breakerWindow} s (a time window's one-second buckets), got ${got('breakers', name, 'size')}`);
    }
  }
  return {
    type: 'slidingWindow',
    name,
    window,
    size,
    minimumCalls: b.minimumCalls ?? SLIDING_DEFAULTS.minimumCalls,
    failureRateThreshold: b.failureRateThreshold ?? SLIDING_DEFAULTS.failureRateThreshold,
    slowCallRateThreshold: b.slowCallRateThreshold ?? SLIDING_DEFAULTS.slowCallRateThreshold,
    slowCallDuration: b.slowCallDuration ?? hours(SLIDING_DEFAULTS.slowCallDuration),
    permittedInHalfOpen: b.permittedInHalfOpen ?? SLIDING_DEFAULTS.permittedInHalfOpen,
    waitInOpen: b.waitInOpen ?? hours(SLIDING_DEFAULTS.waitInOpen),
    failureCauses,
  };
}

/** A class's arrivals; a profile's steps must start before the horizon (the schema has checked their order). */
function resolveArrivals(c: QueryClassInput, path: string, horizon: number, at: (...keys: PropertyKey[]) => string, problems: string[]): ArrivalSpec | undefined {
  if (c.rate !== undefined) return { type: 'poisson', rate: c.rate };
  const steps = c.profile ?? [];
  const before = problems.length;
  steps.forEach((step, i) => {
    if (!(step.from < horizon)) problems.push(`${path}.profile.${i}.from: expected less than the horizon (${horizon} h), got ${at('profile', i, 'from')}`);
  });
  if (problems.length > before) return undefined;
  return { type: 'profile', steps: steps.map((s) => ({ from: s.from, rate: s.rate })) };
}

function resolveRetry(input: QueryClassInput['retry']): RetrySpec | null {
  if (input === undefined) return null;
  const b = input.backoff;
  const backoff: BackoffSpec =
    b === undefined
      ? NO_BACKOFF
      : b.type === 'constant'
        ? { base: b.delay, multiplier: 1, cap: Infinity, jitter: b.jitter ?? 'none' }
        : { base: b.base, multiplier: b.multiplier ?? DEFAULT_MULTIPLIER, cap: b.cap ?? Infinity, jitter: b.jitter ?? 'none' };
  return { maxRetries: input.maxRetries, backoff, on: input.on ?? DEFAULT_CAUSES, budget: input.budget === undefined ? null : { ratio: input.budget.ratio, capacity: input.budget.capacity } };
}

/**
 * The largest duration a distribution can draw, when its support is bounded above: uniform's max,
 * deterministic's value, the largest empirical sample (the simulation never draws beyond them);
 * Infinity for the others (exponential, Weibull, lognormal, gamma, truncated normal), whose
 * support is unbounded.
 */
export function supportMax(d: ScenarioDistribution): number {
  switch (d.type) {
    case 'uniform':
      return d['max'] as number;
    case 'deterministic':
      return d['value'] as number;
    case 'empirical':
      return (d['samples'] as readonly number[]).reduce((a, b) => Math.max(a, b), 0);
    default:
      return Infinity;
  }
}

/**
 * An upper bound on how long a query of class `c` can live, from its arrival to its last
 * fallback's end, with the reason when there is none (Infinity):
 * (maxRetries + 1)·attempt + Σ_{k=1}^{maxRetries} (largest delay before retry k) + Σ fallbacks.
 *
 * - An attempt lasts at most min(timeout, wait + execution): the timeout counts from its issue;
 *   execution is bounded by `supportMax` of its law. The wait is the bulkhead's queue then the
 *   executors' queue: 0 without a queue (queue 0, queueLimit 0: rejected at once), the queue's
 *   queueTimeout, or unbounded without one (a queue, even a bounded one, waits as long as every
 *   slot is held or every executor is down).
 * - The delay before retry k is at most v_k = min(cap, base·multiplier^(k−1)) for none, full and
 *   equal jitter, and min(cap, base·3^k) for decorrelated (d_k < 3·d_{k−1}, d_0 = base).
 * - A fallback lasts at most min(timeout, `supportMax` of its latency).
 * Breaker and memory rejections and service_down failures end an attempt at once, and a retry
 * budget only removes retries, so none of them lengthens the bound.
 */
export function lifetimeBound(c: QueryClassSpec, executors: ExecutorsSpec | null, bulkhead: BulkheadSpec | null): { bound: number; why: string } {
  const queueWait = (queue: number, timeout: number | null): number => (queue === 0 ? 0 : (timeout ?? Infinity));
  const bulkheadWait = bulkhead === null ? 0 : queueWait(bulkhead.queue, bulkhead.queueTimeout);
  const executorsWait = executors === null ? 0 : queueWait(executors.queueLimit, executors.queueTimeout);
  // A slow period scales the execution by its factor; the network adds both one-way delays.
  const own = supportMax(c.execution) * (c.slow?.factor ?? 1);
  const net = c.network === null ? [] : [c.network.request, c.network.response].filter((d): d is ScenarioDistribution => d !== null);
  const execution = own + net.reduce((sum, d) => sum + supportMax(d), 0);
  const attempt = Math.min(c.timeout ?? Infinity, bulkheadWait + executorsWait + execution);
  const retries = c.retry?.maxRetries ?? 0;
  const backoff = c.retry === null ? 0 : backoffBound(c.retry.backoff, retries);
  const fallbackBounds = c.fallbacks.map((f) => Math.min(f.timeout ?? Infinity, supportMax(f.latency)));
  const bound = (retries + 1) * attempt + backoff + fallbackBounds.reduce((a, b) => a + b, 0);
  if (Number.isFinite(bound)) return { bound, why: '' };
  let why: string;
  if (!Number.isFinite(attempt)) {
    const reasons = [
      ...(Number.isFinite(own) ? [] : [`its execution law, ${c.execution.type}, is unbounded`]),
      ...net.filter((d) => !Number.isFinite(supportMax(d))).map((d) => `its network delay law, ${d.type}, is unbounded`),
      ...(Number.isFinite(bulkheadWait) ? [] : [`its bulkhead ${describeValue(bulkhead?.name)} has a queue without a queueTimeout`]),
      ...(Number.isFinite(executorsWait) ? [] : ['the executors have a queue without a queueTimeout']),
    ];
    why = `no timeout, and ${reasons.join(', and ')}`;
  } else {
    const f = fallbackBounds.findIndex((b) => !Number.isFinite(b));
    why = f >= 0
      ? `its fallback ${describeValue(c.fallbacks[f]?.name)} has no timeout and an unbounded latency law, ${c.fallbacks[f]?.latency.type}`
      : "its retries' backoff delays add up to more than a double holds";
  }
  return { bound, why };
}

/** Σ_{k=1}^{n} of the largest delay before retry k (see `lifetimeBound`). */
function backoffBound(b: BackoffSpec, n: number): number {
  if (n === 0) return 0;
  return b.jitter === 'decorrelated' ? cappedGeometricSum(3 * b.base, 3, b.cap, n) : cappedGeometricSum(b.base, b.multiplier, b.cap, n);
}

/**
 * Σ_{j=0}^{n−1} min(cap, first·ratio^j), ratio ≥ 1, in closed form (n may be large): the K terms
 * below the cap as a geometric sum, the rest as cap. Any K gives an upper bound, since each term
 * is at most both the cap and its geometric value, so rounding in K cannot make it too small.
 */
export function cappedGeometricSum(first: number, ratio: number, cap: number, n: number): number {
  if (n <= 0) return 0;
  if (first >= cap) return cap * n;
  if (ratio === 1) return first * n;
  const below = cap === Infinity ? n : Math.min(n, Math.max(0, Math.ceil(Math.log(cap / first) / Math.log(ratio))));
  const geometric = (first * (Math.pow(ratio, below) - 1)) / (ratio - 1);
  return below === n ? geometric : geometric + cap * (n - below);
}

function stripUndefined(spec: DistributionInput): ScenarioDistribution {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
}
