/** The scenario file schema (zod): structure, units and defaults; cross-references are checked in `validateScenario`. */
import { z } from 'zod';
import { DURATION_HINT, DURATION_UNITS, HOURS_PER_UNIT, RATE_HINT, parseDuration, parseRate } from './duration.js';
import { LIMITS } from './limits.js';
import { CLAIM_KINDS } from './claimSpec.js';
import { FAILURE_CAUSES } from './workloadSpec.js';

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME_HINT = 'a name of letters, digits, "_" and "-", starting with a letter';

type DurationRule = 'positive' | 'nonNegative' | 'any';

/** A duration field: hours as a number, or a unit string; converted to hours. */
function duration(rule: DurationRule, description: string) {
  const expected = rule === 'positive' ? `a positive ${DURATION_HINT}` : rule === 'nonNegative' ? `a non-negative ${DURATION_HINT}` : `a ${DURATION_HINT}`;
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const hours = parseDuration(value);
      if (hours === undefined || (rule === 'positive' && !(hours > 0)) || (rule === 'nonNegative' && !(hours >= 0))) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
        return z.NEVER;
      }
      return hours;
    })
    .meta({ description: `${description}; ${DURATION_HINT}`, anyOf: [{ type: 'number', ...numberBound(rule) }, { type: 'string', pattern: unitPattern(rule, '') }] });
}

/** The JSON Schema bound of a number under a rule (what the transform checks). */
function numberBound(rule: DurationRule): Record<string, number> {
  return rule === 'positive' ? { exclusiveMinimum: 0 } : rule === 'nonNegative' ? { minimum: 0 } : {};
}

/**
 * The JSON Schema pattern of a unit string under a rule, the same language as `parseDuration`
 * (`per` "/" for rates): positive needs a non-zero digit before any exponent and no minus sign.
 */
function unitPattern(rule: DurationRule, per: '' | '/'): string {
  const units = `(?:${DURATION_UNITS.join('|')})`;
  const sign = rule === 'any' ? '[+-]?' : '\\+?';
  const nonZero = rule === 'positive' ? '(?=[^eE]*[1-9])' : '';
  const number = `${sign}${nonZero}(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?`;
  return `^\\s*${number}\\s*${per === '/' ? '/\\s*' : ''}${units}\\s*$`;
}

type RateRule = 'positive' | 'nonNegative';

/** A rate field: per hour as a number, or a string per unit ("5/s", "300/min", "100/h"); converted to per hour. */
function rate(rule: RateRule, description: string) {
  const expected = rule === 'positive' ? `a positive ${RATE_HINT}` : `a non-negative ${RATE_HINT}`;
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const perHour = parseRate(value);
      if (perHour === undefined || (rule === 'positive' && !(perHour > 0)) || (rule === 'nonNegative' && !(perHour >= 0))) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
        return z.NEVER;
      }
      return perHour;
    })
    .meta({ description: `${description}; ${RATE_HINT}`, anyOf: [{ type: 'number', ...numberBound(rule) }, { type: 'string', pattern: unitPattern(rule, '/') }] });
}

// The JSON Schema keywords in `.meta` state the refinements' bounds for editors (a refinement itself is not representable).
const positiveNumber = (description: string) =>
  z.number().refine((v) => Number.isFinite(v) && v > 0, 'expected a finite number > 0').meta({ description, exclusiveMinimum: 0 });
const finiteNumber = (description: string) =>
  z.number().refine((v) => Number.isFinite(v), 'expected a finite number').meta({ description });
const positiveInteger = (description: string) =>
  z.number().refine((v) => Number.isSafeInteger(v) && v >= 1, 'expected an integer >= 1').meta({ description, type: 'integer', minimum: 1 });
const nonNegativeInteger = (description: string) =>
  z.number().refine((v) => Number.isSafeInteger(v) && v >= 0, 'expected an integer >= 0').meta({ description, type: 'integer', minimum: 0 });
const nonNegativeNumber = (description: string) =>
  z.number().refine((v) => Number.isFinite(v) && v >= 0, 'expected a finite number >= 0').meta({ description, minimum: 0 });
/** A fraction in (0, 1]. */
const fraction = (description: string) =>
  z.number().refine((v) => v > 0 && v <= 1, 'expected a number in (0, 1]').meta({ description, exclusiveMinimum: 0, maximum: 1 });
const name = z.string().regex(NAME, `expected ${NAME_HINT}`);

/** Exactly one of two alternative parameter sets, checked after the fields themselves. */
function exactlyOne<T extends Record<string, unknown>>(a: readonly (keyof T & string)[], b: readonly (keyof T & string)[]) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const hasA = a.some((k) => value[k] !== undefined);
    const hasB = b.some((k) => value[k] !== undefined);
    const set = (s: readonly string[]) => `{${s.join(', ')}}`;
    if (hasA === hasB) {
      ctx.addIssue({ code: 'custom', message: `expected either ${set(a)} or ${set(b)}, not ${hasA ? 'both' : 'neither'}` });
      return;
    }
    for (const k of hasA ? a : b) {
      if (value[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `expected a value (with ${set(hasA ? a : b)})` });
    }
  };
}

export const DISTRIBUTION_TYPES = ['exponential', 'weibull', 'lognormal', 'truncatedNormal', 'gamma', 'uniform', 'deterministic', 'empirical'] as const;

/** The distributions as written, before a lognormal's `unit` is applied. */
const distributionUnion = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal('exponential'),
        mean: duration('positive', 'mean (MTTF for failures, MTTR for repairs)').optional(),
        rate: positiveNumber('events per hour').optional(),
      })
      .superRefine(exactlyOne(['mean'], ['rate'])),
    z.strictObject({
      type: z.literal('weibull'),
      shape: positiveNumber('shape k (k < 1: infant mortality, k > 1: wear-out)'),
      scale: duration('positive', 'scale'),
    }),
    z
      .strictObject({
        type: z.literal('lognormal'),
        mu: finiteNumber('mean of ln(duration in `unit`; hours by default)').optional(),
        sigma: positiveNumber('standard deviation of ln(duration), the same in every unit').optional(),
        unit: z
          .enum(DURATION_UNITS)
          .optional()
          .meta({ description: 'with mu/sigma only: the unit of the durations whose logarithm mu is the mean of (default "h")' }),
        mean: duration('positive', 'mean').optional(),
        sd: duration('positive', 'standard deviation').optional(),
      })
      .superRefine(exactlyOne(['mu', 'sigma'], ['mean', 'sd']))
      .superRefine((value, ctx) => {
        if (value.unit !== undefined && (value.mean !== undefined || value.sd !== undefined)) {
          ctx.addIssue({ code: 'custom', path: ['unit'], message: 'expected no unit with mean/sd (they are durations with their own units; unit goes with mu/sigma)' });
        }
      }),
    z.strictObject({
      type: z.literal('truncatedNormal'),
      mean: duration('any', 'mean of the parent normal (before truncation at 0)'),
      sd: duration('positive', 'standard deviation of the parent normal'),
    }),
    z
      .strictObject({
        type: z.literal('gamma'),
        shape: positiveNumber('shape'),
        scale: duration('positive', 'scale').optional(),
        rate: positiveNumber('rate per hour').optional(),
      })
      .superRefine(exactlyOne(['scale'], ['rate'])),
    z.strictObject({ type: z.literal('uniform'), min: duration('nonNegative', 'lower bound'), max: duration('positive', 'upper bound') }),
    z.strictObject({ type: z.literal('deterministic'), value: duration('nonNegative', 'the fixed duration') }),
    z.strictObject({
      type: z.literal('empirical'),
      samples: z.array(duration('nonNegative', 'an observed duration')).min(1, 'expected at least one sample'),
    }),
  ], { error: `expected a distribution type: one of ${DISTRIBUTION_TYPES.map((t) => `"${t}"`).join(', ')}` });

/**
 * A time-to-failure or time-to-repair distribution (or any other duration: an execution time, a
 * latency); every duration parameter in hours or with a unit, a lognormal's mu/sigma in hours or
 * in its `unit`. Its output is always in hours (no `unit`).
 */
export const distributionSchema = distributionUnion
  .transform(lognormalInHours)
  .meta({ description: 'A distribution of durations: { "type": "exponential", "mean": "4h" }, …' });

/**
 * A lognormal with a `unit` rewritten in hours: mu is the mean of ln(duration in unit), so in
 * hours it is mu + ln(HOURS_PER_UNIT[unit]) (sigma is the same in every unit); the unit is
 * dropped, so every resolved distribution is in hours. Any other distribution is returned as it is.
 */
function lognormalInHours(d: z.output<typeof distributionUnion>): z.output<typeof distributionUnion> {
  if (d.type !== 'lognormal' || d.unit === undefined) return d;
  const { unit, ...rest } = d;
  return { ...rest, mu: (d.mu as number) + Math.log(HOURS_PER_UNIT[unit] as number) };
}

const initialState = z
  .enum(['up', 'steady'])
  .meta({ description: '"up" (default), or "steady": drawn from the stationary distribution (exponential up and down times, independent repair only)' });

/** What groups and the network's links share: how a component fails, is repaired and starts. */
const failureModel = {
  failure: distributionSchema.optional().meta({ description: 'time to failure (length of an up period)' }),
  repair: distributionSchema.nullable().optional().meta({ description: 'time to repair; null or absent: crash-stop, never repaired' }),
  availability: z
    .number()
    .refine((v) => v > 0 && v < 1, 'expected a number in (0, 1)')
    .optional()
    .meta({ description: 'steady-state availability, with mttr instead of failure/repair: exponential, MTTF = MTTR·A/(1−A)', exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  mttr: duration('positive', 'mean time to repair, with availability').optional(),
  crew: name.optional().meta({ description: 'name of a repair crew pool in "crews"; absent: one repairer per component' }),
  initial: initialState.optional(),
};

/** Standby spares of a group (docs/scenarios.md, "Standby spares"); ranges against the group's count are checked in `validateScenario`. */
export const standbySchema = z
  .strictObject({
    spares: positiveInteger('components of the group held in standby at the start (fewer than count); count − spares are active'),
    mode: z.enum(['cold', 'warm', 'hot']).meta({ description: 'cold: a dormant spare never fails; warm: it fails at dormantFactor × the active rate; hot: at the active rate' }),
    dormantFactor: z
      .number()
      .refine((v) => v > 0 && v < 1, 'expected a number in (0, 1)')
      .optional()
      .meta({ description: 'warm only: a dormant time to failure is a draw of the failure law divided by this factor (exponential: rate factor × λ)', exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    switchover: z
      .union([duration('nonNegative', 'fixed switch-over time'), distributionSchema])
      .optional()
      .meta({ description: 'time from an active failure to the spare being up: a duration, or a distribution (default 0: instantaneous)' }),
    switchFailure: z
      .number()
      .refine((v) => v >= 0 && v < 1, 'expected a probability in [0, 1)')
      .optional()
      .meta({ description: 'probability that switching a spare in fails on demand: the spare goes down to repair and the next is tried (default 0)', minimum: 0, exclusiveMaximum: 1 }),
  })
  .meta({ description: 'Standby spares: count − spares components active, the rest dormant until one is switched in' });

/**
 * A group's byzantine state (docs/fault-modes.md, "Byzantine faults"): each of its first `count` components
 * (default all) turns byzantine after a draw of `failure` and honest again after a draw of
 * `repair`, independently of its crashes; it still counts as up for crash gates.
 */
export const byzantineSchema = z
  .strictObject({
    failure: distributionSchema.meta({ description: 'time honest (until the component turns byzantine)' }),
    repair: distributionSchema.meta({ description: 'time byzantine (until it answers correctly again)' }),
    count: positiveInteger('the first count components of the group can turn byzantine (default: all)').optional(),
  })
  .meta({ description: 'A byzantine state entered and left as a fail/repair pair, independent of crashes' });

export const groupSchema = z
  .strictObject({
    kind: z.enum(['coordinator', 'executor', 'link', 'source', 'component']).optional().meta({ description: 'default "component"' }),
    count: positiveInteger('number of identical components (default 1)').meta({ maximum: LIMITS.components }).optional(),
    ...failureModel,
    standby: standbySchema.optional(),
    byzantine: byzantineSchema.optional(),
  })
  .meta({ description: 'A group of identical components' });

const linkSchema = z.strictObject(failureModel).meta({ description: 'How every link of the network fails and is repaired' });

export const networkSchema = z
  .strictObject({
    name: name.optional().meta({ description: 'name of the link group (default "links")' }),
    fullMesh: z.array(name).min(1).optional().meta({ description: 'groups whose components are all pairwise linked' }),
    edges: z
      .array(z.tuple([z.string(), z.string()]))
      .min(1)
      .optional()
      .meta({ description: 'explicit links between components, written "group/index"' }),
    link: linkSchema,
  })
  .superRefine((value, ctx) => {
    if ((value.fullMesh === undefined) === (value.edges === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'expected exactly one of fullMesh or edges' });
    }
  });

const members = z.array(name).min(1, 'expected at least one member').meta({ description: 'names of groups or services', maxItems: LIMITS.members });

export const serviceSchema = z.union([
  z.strictObject({ all: members }).meta({ description: 'up iff every member is up (a group member: every component up)' }),
  z.strictObject({ any: members }).meta({ description: 'up iff at least one member is up' }),
  z
    .strictObject({
      atLeast: z.union([positiveInteger('k'), z.literal('majority')], { error: 'expected an integer >= 1 or "majority"' }),
      of: z.union([name, members]).meta({ description: "a group name (count its components) or a list of members" }),
    })
    .meta({ description: 'up iff at least k (or a strict majority) are up' }),
  z
    .strictObject({
      quorum: z
        .strictObject({
          coordinators: name,
          executors: name.optional().meta({ description: 'the executor group; absent: a coordinator-only majority (Raft, etcd)' }),
          executorsAtLeast: nonNegativeInteger('executors needed, connected to the majority (0: none; default 0 without executors)').optional(),
        })
        .superRefine((q, ctx) => {
          if (q.executors !== undefined && q.executorsAtLeast === undefined) {
            ctx.addIssue({ code: 'custom', path: ['executorsAtLeast'], message: 'expected an integer >= 0 with executors (how many must be up and connected)' });
          }
          if (q.executors === undefined && (q.executorsAtLeast ?? 0) > 0) {
            ctx.addIssue({ code: 'custom', path: ['executors'], message: `expected the executor group, since executorsAtLeast is ${q.executorsAtLeast}` });
          }
        }),
    })
    .meta({ description: 'a strict majority of the coordinators up and mutually connected, with enough executors connected to them (none: a coordinator-only majority)' }),
  z
    .strictObject({
      bft: z.strictObject({
        of: name.meta({ description: 'the replica group' }),
        f: nonNegativeInteger('byzantine replicas tolerated (default: ⌊(n − 1)/3⌋ of the group count n)').optional(),
      }),
    })
    .meta({ description: 'PBFT: up iff at least 2f + 1 replicas are up and honest and at most f up replicas are byzantine' }),
  z
    .strictObject({ connected: members })
    .meta({ description: "up iff the listed groups' components are all reachable from one another through up links" }),
]);

/**
 * A common-cause shock process (docs/scenarios.md, "Common-cause failures"): shocks arrive as a renewal
 * process from time 0 with `every` between them, and each fails every listed component that is up
 * with `probability` (1: the β-factor model; below 1: the binomial failure rate model).
 */
export const shockSchema = z
  .strictObject({
    every: distributionSchema.meta({ description: 'time between shocks (a renewal process from time 0)' }),
    members: z
      .array(z.string())
      .min(1, 'expected at least one member')
      .meta({ description: 'the components it hits: "group/index" for one component, a group name for all of its components' }),
    probability: z
      .number()
      .refine((v) => v > 0 && v <= 1, 'expected a number in (0, 1]')
      .optional()
      .meta({ description: 'probability that a shock fails each member that is up, independently (default 1: all of them)', exclusiveMinimum: 0, maximum: 1 }),
  })
  .meta({ description: 'A shock that fails a set of components at once (a rack, an availability zone, a bad deploy)' });

/** A heartbeat-loss probability in [0, 1) (a number `loss`, or a send or receive part of per-node loss). */
const heartbeatLossProbability = (description: string) =>
  z
    .number()
    .refine((v) => v >= 0 && v < 1, 'expected a number in [0, 1)')
    .meta({ description, minimum: 0, exclusiveMaximum: 1 });

/** A heartbeat period: a duration (sent every Δ exactly) or a distribution (the time between successive heartbeats sent, independent draws: a renewal process). */
const heartbeatInterval = z
  .union([duration('positive', 'heartbeat period'), distributionSchema.meta({ description: 'the law of the time between successive heartbeats sent (a renewal process: jitter)' })])
  .meta({ description: 'heartbeat period: a duration, or a distribution for jittered heartbeats' });

/** A failure detector watching every component of a group (docs/fault-modes.md, "Failure detectors"; resolved in `resolveDetectors.ts`). */
/** A claim of one's own about a metric (claimSpec.ts): the value or range a source states, judged by `check`. */
export const claimSchema = z
  .strictObject({
    metric: z.string().min(1, 'expected a metric name (as in summary.csv)').meta({ description: 'a metric of summary.csv (e.g. "cluster.availability"), or a latency quantile ("queries.latency.p99")' }),
    value: finiteNumber('the claimed value, in the metric\'s unit').optional(),
    atLeast: finiteNumber('the claimed lower bound, in the metric\'s unit').optional(),
    atMost: finiteNumber('the claimed upper bound, in the metric\'s unit').optional(),
    source: z.string().min(1, 'expected where the claim comes from, e.g. "vendor SLA"').meta({ description: 'where the claim comes from: "vendor SLA", "design doc §3"' }),
    kind: z.enum(CLAIM_KINDS).default('published').meta({ description: 'published (default): reported when refuted; model: a refutation fails check (exit 1)' }),
    scenario: name.optional().meta({ description: 'in a --claims file: the scenario the claim is about (default: every scenario that has the metric)' }),
  })
  .superRefine((c, ctx) => {
    const range = c.atLeast !== undefined || c.atMost !== undefined;
    if ((c.value !== undefined) === range) ctx.addIssue({ code: 'custom', message: `expected either value or atLeast/atMost, not ${range ? 'both' : 'neither'}` });
    if (c.atLeast !== undefined && c.atMost !== undefined && !(c.atLeast <= c.atMost)) ctx.addIssue({ code: 'custom', path: ['atMost'], message: `expected at least atLeast (${c.atLeast})` });
  })
  .meta({ description: 'A claim about a metric, from a vendor, a design document or a formula, judged by check' });

/** Seed 000's risk score from simulated inputs (riskSpec.ts): the metric that feeds each input. */
export const riskSchema = z
  .strictObject({
    systemAvailability: z.string().min(1).optional().meta({ description: 'a fraction metric, e.g. "cluster.availability"' }),
    queryTimeoutRate: z.string().min(1).optional().meta({ description: 'a fraction metric, e.g. "queries.failure_ratio.timeout"' }),
    reflectionFailureRate: z.string().min(1).optional().meta({ description: 'a fraction metric, e.g. a reflection\'s stale fraction' }),
    networkPartitionRisk: z.string().min(1).optional().meta({ description: 'a fraction metric, e.g. a partition\'s time fraction' }),
    avgRecoveryMinutes: z.string().min(1).optional().meta({ description: 'a duration metric in hours or seconds (converted to minutes), e.g. a mean recovery time' }),
  })
  .meta({ description: "seed 000's composite risk score computed from these metrics (a weighted index, not a probability); inputs left out take the seed's defaults" });

/** A `--claims` file: an array of claims, or `{ "claims": [...] }`. */
export const claimsFileSchema = z.union([z.array(claimSchema), z.strictObject({ claims: z.array(claimSchema) })], { error: 'expected an array of claims, or { "claims": [...] }' });

/** Leader election in a coordinator group (docs/fault-modes.md, "Leader election"; resolved in `resolveElection.ts`). */
export const electionSchema = z
  .strictObject({
    group: name.meta({ description: 'the coordinator group; member 0 leads at time 0' }),
    policy: z.enum(['majority', 'naive']).default('majority').meta({ description: 'majority (default): a candidate needs a strict majority of the group alive; naive: any alive candidate wins' }),
    timeout: z
      .strictObject({
        min: duration('positive', 'shortest election timeout (Raft: 150ms)'),
        max: duration('positive', 'longest election timeout (Raft: 300ms)'),
      })
      .meta({ description: 'each round, each alive member draws its timeout uniform in (min, max)' }),
    detection: duration('nonNegative', "time from the leader's crash to the followers noticing it"),
    voteDelay: duration('nonNegative', 'a round splits when the second-earliest timeout fires within this of the earliest'),
  })
  .meta({ description: 'A leader election among the members of a group (Raft-style randomized timeouts)' });

export const detectorSchema = z
  .strictObject({
    group: name.meta({ description: 'the monitored group' }),
    heartbeat: z
      .strictObject({
        interval: heartbeatInterval,
        timeout: duration('positive', 'suspected once no heartbeat arrived for this long (at least the interval)'),
      })
      .optional()
      .meta({ description: 'a fixed-timeout heartbeat detector' }),
    phi: z
      .strictObject({
        interval: heartbeatInterval,
        threshold: positiveNumber('suspected once phi reaches it (Akka: 8)'),
        window: positiveInteger('inter-arrival samples kept (Akka: 1000)').optional(),
        minStdDeviation: duration('positive', 'floor of the standard deviation (Akka: 100ms)').optional(),
        acceptablePause: duration('nonNegative', 'added to the mean (Akka: 3s)').optional(),
        firstHeartbeatEstimate: duration('positive', 'bootstrap mean, sd a quarter of it (Akka: 1s)').optional(),
        variant: z.enum(['akka', 'normal', 'cassandra']).optional().meta({ description: 'akka: logistic approximation (default); normal: exact normal tail; cassandra: exponential' }),
      })
      .optional()
      .meta({ description: 'a phi accrual detector' }),
    loss: z
      .union([
        heartbeatLossProbability('probability that a heartbeat is lost, independently (default 0)'),
        z
          .strictObject({
            every: distributionSchema.optional().meta({ description: 'loss episodes: time from the start or the end of an episode to the next episode' }),
            duration: distributionSchema.optional().meta({ description: 'loss episodes: length of an episode' }),
            probability: z
              .number()
              .refine((v) => v > 0 && v <= 1, 'expected a number in (0, 1]')
              .optional()
              .meta({ description: 'loss episodes: probability that a heartbeat sent during an episode is lost', exclusiveMinimum: 0, maximum: 1 }),
            // Checked in resolveDetectors (it needs the group's size), so that every mistake is reported at its own path.
            send: z
              .unknown()
              .optional()
              .meta({
                description:
                  'per-node loss: probability that a heartbeat is lost as it is sent, the same for every member, or per member { "<index>": p, …, "default": p } (members not named: "default", itself default 0)',
                anyOf: [
                  { type: 'number', minimum: 0, exclusiveMaximum: 1 },
                  { type: 'object', additionalProperties: { type: 'number', minimum: 0, exclusiveMaximum: 1 } },
                ],
              }),
            receive: heartbeatLossProbability('per-node loss: probability that a heartbeat is lost as the monitor receives it, for every member (default 0)').optional(),
          })
          .superRefine((v, ctx) => {
            const episode = (['every', 'duration', 'probability'] as const).filter((k) => v[k] !== undefined);
            const node = (['send', 'receive'] as const).filter((k) => v[k] !== undefined);
            if (episode.length > 0 && node.length > 0) {
              ctx.addIssue({ code: 'custom', path: [node[0] as string], message: 'expected either loss episodes (every, duration, probability) or per-node loss (send, receive), not both' });
            } else if (episode.length > 0) {
              for (const k of ['every', 'duration', 'probability'] as const) {
                if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'expected a value (loss episodes need every, duration and probability)' });
              }
            } else if (node.length === 0) {
              ctx.addIssue({ code: 'custom', message: 'expected loss episodes (every, duration, probability) or per-node loss (send and/or receive)' });
            }
          })
          .meta({
            description:
              'loss episodes (every, duration, probability: an on/off process shared by the group, no loss between them) or per-node loss (send, receive: member i\'s heartbeat is received iff lost neither on send nor on receipt, independently)',
          }),
      ])
      .optional(),
    pauses: z
      .strictObject({
        every: distributionSchema.meta({ description: 'time from the start, a restart or the end of a pause to the next pause' }),
        duration: distributionSchema.meta({ description: 'length of a pause' }),
      })
      .optional()
      .meta({ description: 'timing faults: each monitored node pauses (a GC pause, a stall), sending no heartbeat and answering nothing' }),
    heartbeats: z.enum(['auto', 'full']).optional().meta({ description: 'auto (default): simulate only the heartbeats that matter where that is exact; full: every heartbeat an event' }),
  })
  .meta({ description: 'A failure detector watching a group' });

/** A list of failure causes (FAILURE_CAUSES), each at most once. */
function causes(description: string) {
  return z
    .array(z.enum(FAILURE_CAUSES))
    .superRefine((list, ctx) => {
      list.forEach((cause, i) => {
        if (list.indexOf(cause) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'expected each cause once' });
      });
    })
    .meta({ description: `${description}; each of ${FAILURE_CAUSES.map((c) => `"${c}"`).join(', ')} at most once` });
}

export const JITTERS = ['none', 'full', 'equal', 'decorrelated'] as const;

const jitter = z
  .enum(JITTERS)
  .meta({ description: 'none: the delay itself; full: U(0, d); equal: d/2 + U(0, d/2); decorrelated: min(cap, U(base, 3·previous)) (needs a cap); default "none"' });

/** The delay before each retry: a constant, or an exponential backoff (docs/workloads.md, "Workload"). */
const backoffSchema = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal('constant'),
        delay: duration('nonNegative', 'the delay before every retry'),
        jitter: jitter.optional(),
      })
      .superRefine((b, ctx) => {
        if (b.jitter === 'decorrelated') {
          ctx.addIssue({ code: 'custom', path: ['jitter'], message: 'expected "none", "full" or "equal" for a constant backoff (decorrelated jitter grows by 3× a retry and needs a cap: use an exponential backoff with a cap)' });
        }
      }),
    z
      .strictObject({
        type: z.literal('exponential'),
        base: duration('positive', 'the delay before the first retry'),
        multiplier: z
          .number()
          .refine((v) => Number.isFinite(v) && v >= 1, 'expected a finite number >= 1')
          .optional()
          .meta({ description: 'each retry waits multiplier × the previous delay (default 2)', minimum: 1 }),
        cap: duration('positive', 'the largest delay (default: none)').optional(),
        jitter: jitter.optional(),
      })
      .superRefine((b, ctx) => {
        if (b.cap !== undefined && !(b.cap >= b.base)) ctx.addIssue({ code: 'custom', path: ['cap'], message: `expected a duration >= base (${b.base} h)` });
        if (b.jitter === 'decorrelated' && b.cap === undefined) {
          ctx.addIssue({ code: 'custom', path: ['jitter'], message: 'expected a cap with decorrelated jitter (uncapped, its delays grow without bound)' });
        }
      }),
  ], { error: 'expected a backoff type: "constant" or "exponential"' })
  .meta({ description: 'the delay before each retry: {"type": "constant", "delay"} or {"type": "exponential", "base", "multiplier", "cap", "jitter"}' });

const retrySchema = z
  .strictObject({
    maxRetries: nonNegativeInteger('retries after the first attempt (attempts ≤ maxRetries + 1)'),
    backoff: backoffSchema.optional().meta({ description: 'default: none (a retry follows the failure at once)' }),
    on: causes('the failure causes that are retried (default ["service_down", "timeout"]); others end the query at once').optional(),
    budget: z
      .strictObject({
        ratio: positiveNumber('tokens each first attempt adds (a retry takes one)'),
        capacity: z
          .number()
          .refine((v) => Number.isFinite(v) && v >= 1, 'expected a finite number >= 1')
          .meta({ description: 'tokens the bucket holds (it starts full)', minimum: 1 }),
      })
      .optional()
      .meta({ description: 'a token bucket on retries (the AWS SDKs\' retry quota): retries ≤ ratio·requests + capacity' }),
  })
  .meta({ description: 'retries of a failed attempt' });

const breakerSchema = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal(['consecutive', 'seed003']).meta({ description: '"consecutive", or its alias "seed003": the semantics of seed 003\'s CircuitBreaker' }),
        threshold: positiveInteger('consecutive failures that open it (default 5)').optional(),
        resetTimeout: duration('positive', 'time OPEN before calls go through HALF_OPEN (default "30s")').optional(),
        halfOpenSuccesses: positiveInteger('consecutive successes in HALF_OPEN that close it (default 1)').optional(),
        failureCauses: causes('causes recorded as a failure (default ["service_down", "timeout"])').optional(),
      })
      .meta({ description: 'opens after threshold consecutive failures; OPEN for resetTimeout; HALF_OPEN closes after halfOpenSuccesses successes, re-opens at a failure' }),
    z
      .strictObject({
        type: z.literal(['slidingWindow', 'resilience4j']).meta({ description: '"slidingWindow", or its alias "resilience4j": the semantics of resilience4j\'s CircuitBreaker' }),
        window: z.enum(['count', 'time']).optional().meta({ description: 'count: the last size calls; time: the calls of the last size seconds (default "count")' }),
        size: z
          .union([z.number(), z.string()])
          .optional()
          .meta({ description: `count window: calls, an integer >= 1; time window: a ${DURATION_HINT}, a whole number of seconds >= 1 s (default 100 calls, or 100 s)` }),
        minimumCalls: positiveInteger('calls buffered before rates are computed (default 100)').optional(),
        failureRateThreshold: fraction('opens when the failure rate ≥ it (default 0.5)').optional(),
        slowCallRateThreshold: fraction('opens when the slow-call rate ≥ it (default 1)').optional(),
        slowCallDuration: duration('positive', 'a call longer than it is slow (default "60s")').optional(),
        permittedInHalfOpen: positiveInteger('calls permitted HALF_OPEN (default 10)').optional(),
        waitInOpen: duration('positive', 'time OPEN before HALF_OPEN (default "60s")').optional(),
        failureCauses: causes('causes recorded as a failure (default ["service_down", "timeout"])').optional(),
      })
      .meta({ description: "resilience4j's CircuitBreaker, with its defaults" }),
  ], { error: 'expected a breaker type: "consecutive" (alias "seed003") or "slidingWindow" (alias "resilience4j")' })
  .meta({ description: 'A circuit breaker that classes name in their "breaker"' });

const bulkheadSchema = z
  .strictObject({
    maxConcurrent: positiveInteger('calls in execution at once'),
    queue: nonNegativeInteger('calls that may wait beyond them, FIFO (default 0: none)').optional(),
    queueTimeout: duration('positive', 'longest wait in the queue, then rejected (default: none)').optional(),
  })
  .meta({ description: 'A bulkhead: a pool of at most maxConcurrent calls, beyond which a call waits (queue) or is rejected' });

const fallbackSchema = z
  .strictObject({
    name: name.meta({ description: 'the level\'s name, unique within the class' }),
    service: name.nullable().optional().meta({ description: 'the service that answers it (absent or null: always available, a default value)' }),
    latency: distributionSchema.meta({ description: 'the time it takes' }),
    timeout: duration('positive', 'longest wait for it (default: none)').optional(),
  })
  .meta({ description: 'One level of a fallback chain' });

const profileStep = z
  .strictObject({
    from: duration('nonNegative', 'when the rate starts to hold (the first step: 0)'),
    rate: rate('nonNegative', 'arrivals from then to the next step (or the horizon)'),
  })
  .meta({ description: 'a step of a piecewise-constant arrival rate' });

const lossProbability = (description: string) =>
  z
    .number()
    .refine((v) => v >= 0 && v <= 1, 'expected a probability in [0, 1]')
    .meta({ description, minimum: 0, maximum: 1 });

export const queryClassSchema = z
  .strictObject({
    rate: rate('positive', 'Poisson arrivals at a constant rate').optional(),
    profile: z
      .array(profileStep)
      .min(1, 'expected at least one step')
      .optional()
      .meta({ description: 'Poisson arrivals at a piecewise-constant rate: steps with strictly increasing from, the first at 0' }),
    execution: distributionSchema.meta({ description: 'the time an attempt executes (once it holds its slot)' }),
    service: name.nullable().optional().meta({ description: 'the service it needs (absent or null: none)' }),
    timeout: duration('positive', 'per attempt, counted from its issue, time queued included (default: none)').optional(),
    errorProbability: z
      .number()
      .refine((v) => v >= 0 && v <= 1, 'expected a probability in [0, 1]')
      .optional()
      .meta({ description: 'probability that an attempt that executes to its end answers with an error (cause "error"), independently (default 0)', minimum: 0, maximum: 1 }),
    loss: z
      .union([
        lossProbability('probability that a request and, independently, a response is lost'),
        z
          .strictObject({
            request: lossProbability('probability that an attempt\'s request is lost').optional(),
            response: lossProbability('probability that the response of an attempt that executed is lost').optional(),
            episodes: z
              .strictObject({
                every: distributionSchema.meta({ description: 'time from the start or the end of an episode to the next one' }),
                duration: distributionSchema.meta({ description: 'length of an episode' }),
              })
              .optional()
              .meta({ description: 'loss episodes (an on/off process of the class, off at time 0): the probabilities apply only during them (default: always)' }),
          })
          .meta({ description: 'loss probabilities of requests and responses (each default 0)' }),
      ])
      .optional()
      .meta({ description: 'message loss between client and service: a lost request or response ends the attempt at its timeout with cause "lost" (needs timeout; default none)' }),
    slow: z
      .strictObject({
        every: distributionSchema.meta({ description: 'time from the start or the end of a slow period to the next one' }),
        duration: distributionSchema.meta({ description: 'length of a slow period' }),
        factor: z.number().refine((v) => v >= 1 && Number.isFinite(v), 'expected a finite number >= 1').meta({ description: 'an execution that starts during a slow period lasts factor times its draw', minimum: 1 }),
      })
      .optional()
      .meta({ description: 'timing faults: slow periods (an on/off process of the class, off at time 0) that scale its execution times (default none)' }),
    network: z
      .strictObject({
        request: distributionSchema.optional().meta({ description: "one-way delay of an attempt's request to the server (default none)" }),
        response: distributionSchema.optional().meta({ description: "one-way delay of an attempt's response back to the client (default none)" }),
      })
      .optional()
      .meta({ description: 'link latency laws between client and service; the timeout covers the round trip (default none)' }),
    memory: nonNegativeNumber('GB held while executing (default 0; more needs workload.memory)').optional(),
    retry: retrySchema.optional(),
    breaker: name.optional().meta({ description: 'the name of a breaker in workload.breakers' }),
    bulkhead: name.optional().meta({ description: 'the name of a bulkhead in workload.bulkheads' }),
    fallbacks: z.array(fallbackSchema).optional().meta({ description: 'tried in order once the primary has failed for good, or an open breaker rejects it' }),
    usesExecutors: z.boolean().optional().meta({ description: 'whether it takes an executor slot (default true with workload.executors, else false)' }),
  })
  .superRefine(exactlyOne(['rate'], ['profile']))
  .superRefine((c, ctx) => {
    const names = (c.fallbacks ?? []).map((f) => f.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['fallbacks', i, 'name'], message: 'expected a name not used by an earlier fallback of the class' });
    });
    const steps = c.profile ?? [];
    steps.forEach((step, i) => {
      if (i === 0 && step.from !== 0) ctx.addIssue({ code: 'custom', path: ['profile', 0, 'from'], message: 'expected 0 (the first step starts at time 0)' });
      const previous = steps[i - 1];
      if (previous !== undefined && !(step.from > previous.from)) {
        ctx.addIssue({ code: 'custom', path: ['profile', i, 'from'], message: `expected a time after the previous step's (${previous.from} h)` });
      }
    });
    if (steps.length > 0 && !steps.some((step) => step.rate > 0)) {
      ctx.addIssue({ code: 'custom', path: ['profile'], message: 'expected at least one step with a rate > 0' });
    }
  })
  .meta({ description: 'A class of queries: its arrivals, execution law, the service it needs and its resilience policies' });

const executorsSchema = z
  .strictObject({
    group: name.meta({ description: 'the group whose components are the executors (preferably of kind "executor")' }),
    slots: positiveInteger('queries each executor that is up runs at once'),
    queueLimit: nonNegativeInteger('queries that may wait for a slot, FIFO (default: unbounded)').optional(),
    queueTimeout: duration('positive', 'longest wait for a slot, then the attempt fails "timeout" (default: none)').optional(),
    cancelOnTimeout: z.boolean().optional().meta({ description: "whether a client timeout frees the attempt's slot or queue place (default false: the server finishes abandoned work)" }),
  })
  .meta({ description: 'Executors as capacity: slots per executor that is up' });

const memorySchema = z
  .strictObject({
    capacity: positiveNumber('GB of memory'),
    overhead: z
      .number()
      .refine((v) => v >= 0 && v < 1, 'expected a number in [0, 1)')
      .optional()
      .meta({ description: 'fraction of capacity not usable by queries (default 0)', minimum: 0, exclusiveMaximum: 1 }),
    admission: z.enum(['reject', 'none']).optional().meta({ description: 'reject (default): an attempt that does not fit fails "out_of_memory"; none: every attempt runs, over-commitment is measured' }),
  })
  .meta({ description: 'Memory that executing queries hold' });

/** The workload (docs/workloads.md, "Workload"): query classes and the resilience policies between them and the services. */
export const workloadSchema = z
  .strictObject({
    drain: duration('nonNegative', 'queries are measured when they arrive in [warmup, horizon − drain] (default: the longest lifetime a query can have; required when some class has no bound)').optional(),
    executors: executorsSchema.optional(),
    memory: memorySchema.optional(),
    breakers: z.record(name, breakerSchema).optional().meta({ description: 'circuit breakers by name' }),
    bulkheads: z.record(name, bulkheadSchema).optional().meta({ description: 'bulkheads by name' }),
    classes: z
      .record(name, queryClassSchema)
      .refine((r) => Object.keys(r).length > 0, 'expected at least one query class')
      .meta({ description: 'query classes by name' }),
  })
  .meta({ description: 'Queries that arrive, execute on the services and fail with them, and the policies (timeouts, retries, breakers, fallbacks, bulkheads) between them' });

/** A streaming pipeline and its message ledger (docs/pipelines.md, "Pipelines that must lose nothing"; resolved in `resolvePipeline.ts`). */
export const pipelineSchema = z
  .strictObject({
    producer: z.strictObject({
      rate: positiveNumber('messages per second, produced at evenly spaced times'),
      acks: z.enum(['all', '1']).meta({ description: 'all: acknowledged once every in-sync replica has it (refused below min.insync.replicas); 1: once the leader has it' }),
      buffer: z
        .union([nonNegativeInteger('messages the producer holds while the topic refuses writes (0: no retries)'), z.literal('unbounded')])
        .optional()
        .meta({ description: 'messages held and retried while the topic refuses writes; beyond it the newest are dropped (default "unbounded": retry until acknowledged)' }),
    }),
    topic: z.strictObject({
      brokers: name.meta({ description: 'the group of brokers: one replica of the partition on each (replication factor = its count)' }),
      minInsyncReplicas: positiveInteger('min.insync.replicas (default 1)').optional(),
      replicationLag: duration('nonNegative', 'how long a follower takes to fetch what the leader appended (default 100ms)').optional(),
    }),
    consumer: z.strictObject({
      group: name.meta({ description: 'the consumer (validator): a group of one component whose failures are crashes and whose repairs are restarts' }),
      commit: z.enum(['manual', 'auto']).meta({ description: 'manual: a batch is committed after it is processed; auto: committed when polled, before it is processed' }),
      processing: distributionSchema.meta({ description: 'time to process one batch' }),
      maxBatch: positiveInteger('messages per poll at most (default 500)').optional(),
      pollInterval: duration('positive', 'wait before polling again when nothing was there to read (default 1s)').optional(),
    }),
    sinks: z
      .record(
        name,
        z.strictObject({
          group: name.meta({ description: 'the sink: a group of one component' }),
          fallback: z
            .union([nonNegativeInteger('records the local fallback disk holds'), z.literal('unbounded')])
            .meta({ description: 'records written to local disk while the sink is down; beyond it a record is lost' }),
          syncInterval: duration('positive', 'period of the background job that drains the fallback into the sink once it is back (default 60s)').optional(),
        }),
      )
      .meta({ description: 'where every processed message is written (a record per sink)' }),
    cache: z
      .strictObject({
        group: name.meta({ description: 'the cache: a group of one component' }),
        slowdown: duration('nonNegative', 'extra processing time per message while it is down'),
      })
      .optional()
      .meta({ description: 'a cache whose failure only slows processing' }),
    validation: z
      .strictObject({
        episodes: z
          .strictObject({
            every: distributionSchema.meta({ description: 'time from the end of an error episode to the start of the next (an upstream schema change, seed 004 §3.3)' }),
            duration: distributionSchema.meta({ description: 'how long an episode lasts when no manual reset of the breaker ends it first' }),
          })
          .meta({ description: 'error episodes: an on/off process, off at time 0' }),
        errorInEpisode: lossProbability('P(a message fails validation) while an episode is on (default 0.9: seed 004 §3.3, "90% of messages")').optional(),
        errorOtherwise: lossProbability('P(a message fails validation) while no episode is on (default 0)').optional(),
      })
      .optional()
      .meta({ description: 'validation errors: a message that fails validation is quarantined (written to the sinks as a quarantine record), never lost' }),
    breaker: z
      .strictObject({
        threshold: z
          .number()
          .refine((v) => v >= 0 && v < 1, 'expected a number in [0, 1)')
          .optional()
          .meta({ description: 'trips when the error rate over the window exceeds it (default 0.5, seed 004 §3.3)', minimum: 0, exclusiveMaximum: 1 }),
        window: duration('positive', 'the sliding window of processed messages the error rate is computed over (default 300s, seed 004 §3.3)').optional(),
        reset: distributionSchema.meta({ description: 'operator response: time from a trip to the manual reset that resumes consumption' }),
      })
      .optional()
      .meta({ description: 'an error-rate circuit breaker (seed 004 §3.3): when tripped it pauses consumption until a manual reset' }),
  })
  .meta({ description: 'A producer, a replicated topic, a consumer and its sinks, with a ledger of every message' });

/** Seed 000's refresh types (`ReflectionFailureModel.refresh_failure_rates`); any other type fails at its default 15 %. */
export const REFRESH_TYPES = ['incremental', 'full', 'first_time'] as const;

/** One reflection of a `reflections` graph (docs/reflections-and-recovery.md, "Reflections"; resolved in `resolveReflections.ts`). */
export const reflectionSchema = z
  .strictObject({
    refreshFailure: z
      .union(
        [
          z.number().meta({ description: 'P(one refresh of this reflection fails), in [0, 1)' }),
          z
            .strictObject({ refreshType: z.string().min(1).meta({ description: 'incremental (5 %), full (10 %), first_time (20 %), any other 15 %' }) })
            .meta({ description: "seed 000's rate: its refresh type's base rate times 1 + 0.02 per direct dependency, capped at 0.95" }),
        ],
        { error: 'expected a probability in [0, 1) or { "refreshType": "incremental" | "full" | "first_time" | … }' },
      ),
    dependsOn: z.array(name).optional().meta({ description: 'the reflections it is built from (default none)' }),
  })
  .meta({ description: 'A reflection (materialised view) refreshed every cycle' });

/** Reflections refreshed on a schedule (docs/reflections-and-recovery.md, "Reflections"): `every` and the reflections by name. */
export const reflectionsSchema = z
  .object({ every: duration('positive', 'the refresh period: one cycle, one refresh of every reflection') })
  .catchall(reflectionSchema)
  .meta({ description: 'A DAG of reflections refreshed every cycle: "every" and the reflections by name' });

/** One recovery step of an incident (docs/reflections-and-recovery.md, "Recovery times"). */
export const recoveryStepSchema = z
  .strictObject({
    duration: distributionSchema.meta({ description: 'how long the step takes' }),
    after: z.array(name).optional().meta({ description: 'mode "dependencies": the steps that must finish before it starts (default none)' }),
  })
  .meta({ description: 'A recovery step and its duration law' });

/** One incident per replication, its steps recovered in parallel or along their dependencies (docs/reflections-and-recovery.md, "Recovery times"). */
export const recoverySchema = z
  .strictObject({
    mode: z.enum(['parallel', 'dependencies']).meta({ description: 'parallel: total = the longest step; dependencies: total = the critical path through "after"' }),
    steps: z.record(name, recoveryStepSchema).meta({ description: 'the recovery steps by name' }),
  })
  .meta({ description: 'One incident per replication: every step drawn once, the total recovery time measured' });

export const GATE_KEYS = ['all', 'any', 'atLeast', 'quorum', 'connected', 'bft'] as const;

/**
 * A partition process (docs/fault-modes.md, "Partitions and CAP"): from time 0, `every` until a partition
 * starts, `duration` until it ends, then `every` again (an alternating renewal process); while
 * one is active the links between its two sides are cut.
 */
export const partitionSchema = z
  .strictObject({
    every: distributionSchema.meta({ description: 'time from the end of one partition (or time 0) to the start of the next' }),
    duration: distributionSchema.meta({ description: 'how long a partition lasts' }),
    split: z
      .tuple([z.array(z.string()).min(1, 'expected at least one node'), z.array(z.string()).min(1, 'expected at least one node')])
      .meta({ description: 'the two sides: nodes as "group/index" or a group name (every component of it)' }),
    symmetric: z.boolean().optional().meta({ description: 'default true; false: the first side cannot reach the second, the second reaches the first' }),
  })
  .meta({ description: 'A partition process that cuts the links between two node sets' });

const gridSchema = z.union([
  z.strictObject({ step: duration('positive', 'spacing of grid times from 0 to the horizon') }),
  z.strictObject({ times: z.array(duration('nonNegative', 'a grid time')).min(1).meta({ maxItems: LIMITS.gridTimes }) }),
]);

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: name,
    description: z.string().min(1, 'expected a non-empty description'),
    horizon: duration('positive', 'end of the simulated interval'),
    warmup: duration('nonNegative', 'start of the measured interval (default 0)').optional(),
    grid: gridSchema.optional().meta({ description: 'times of the point-availability and reliability curves (default: 12 steps)' }),
    windows: z.array(duration('positive', 'a query window length')).meta({ maxItems: LIMITS.windows }).optional(),
    crews: z
      .record(
        name,
        z.union(
          [
            positiveInteger('repairers in the pool, serving first come first served'),
            z
              .strictObject({
                repairers: positiveInteger('repairers in the pool'),
                priority: z
                  .array(name)
                  .min(1)
                  .optional()
                  .meta({ description: 'groups in order of repair priority, highest first (non-preemptive); unlisted groups after them; first come first served within a level' }),
              })
              .meta({ description: 'a pool of repairers with a repair policy' }),
          ],
          { error: 'expected a number of repairers (an integer >= 1) or { repairers, priority }' },
        ),
      )
      .optional()
      .meta({ maxProperties: LIMITS.crews }),
    groups: z.record(name, groupSchema).meta({ maxProperties: LIMITS.groups }),
    network: networkSchema.optional(),
    services: z.record(name, serviceSchema).meta({ maxProperties: LIMITS.services }),
    shocks: z.record(name, shockSchema).optional().meta({ description: 'common-cause shock processes by name', maxProperties: LIMITS.shocks }),
    partitions: z.record(name, partitionSchema).optional().meta({ description: 'network partition processes by name (needs a network)', maxProperties: LIMITS.partitions }),
    workload: workloadSchema.optional(),
    detectors: z.array(detectorSchema).optional().meta({ description: 'failure detectors, one per monitored group' }),
    election: electionSchema.optional(),
    claims: z.array(claimSchema).optional().meta({ description: 'claims of your own about metrics, judged by check' }),
    risk: riskSchema.optional(),
    pipeline: pipelineSchema.optional(),
    reflections: reflectionsSchema.optional(),
    recovery: recoverySchema.optional(),
    stopAt: z
      .union([z.literal('firstFailure'), z.strictObject({ firstFailure: name })], {
        error: 'expected "firstFailure" or {"firstFailure": "<service>"}',
      })
      .optional()
      .meta({
        description:
          'end a replication early: "firstFailure" once every service has failed once, {"firstFailure": service} at that service\'s first failure (the horizon stays the cap); only first-failure metrics are then measured',
      }),
  })
  .meta({ title: 'faultline scenario', description: 'A system of components that fail and recover, and the services built on them' });

export type DistributionInput = z.output<typeof distributionSchema>;
export type ScenarioInput = z.output<typeof scenarioSchema>;
export type ClaimInput = z.output<typeof claimSchema>;
export type ServiceInput = z.output<typeof serviceSchema>;
export type ShockInput = z.output<typeof shockSchema>;
export type ByzantineInput = z.output<typeof byzantineSchema>;
export type PartitionInput = z.output<typeof partitionSchema>;
export type WorkloadInput = z.output<typeof workloadSchema>;
export type DetectorInput = z.output<typeof detectorSchema>;
export type ElectionInput = z.output<typeof electionSchema>;
export type PipelineInput = z.output<typeof pipelineSchema>;
export type ReflectionsInput = z.output<typeof reflectionsSchema>;
export type RecoveryInput = z.output<typeof recoverySchema>;
export type QueryClassInput = z.output<typeof queryClassSchema>;
