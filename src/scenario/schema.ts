/** The scenario file schema (zod): structure, units and defaults; cross-references are checked in `validateScenario`. */
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './duration.js';

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
    .meta({ description: `${description}; ${DURATION_HINT}` });
}

const positiveNumber = (description: string) =>
  z.number().refine((v) => Number.isFinite(v) && v > 0, 'expected a finite number > 0').meta({ description });
const finiteNumber = (description: string) =>
  z.number().refine((v) => Number.isFinite(v), 'expected a finite number').meta({ description });
const positiveInteger = (description: string) =>
  z.number().refine((v) => Number.isSafeInteger(v) && v >= 1, 'expected an integer >= 1').meta({ description });
const nonNegativeInteger = (description: string) =>
  z.number().refine((v) => Number.isSafeInteger(v) && v >= 0, 'expected an integer >= 0').meta({ description });
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

/** A time-to-failure or time-to-repair distribution; every duration parameter in hours or with a unit. */
export const distributionSchema = z
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
        mu: finiteNumber('mean of ln(hours)').optional(),
        sigma: positiveNumber('standard deviation of ln(hours)').optional(),
        mean: duration('positive', 'mean').optional(),
        sd: duration('positive', 'standard deviation').optional(),
      })
      .superRefine(exactlyOne(['mu', 'sigma'], ['mean', 'sd'])),
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
  ], { error: `expected a distribution type: one of ${DISTRIBUTION_TYPES.map((t) => `"${t}"`).join(', ')}` })
  .meta({ description: 'A distribution of durations: { "type": "exponential", "mean": "4h" }, …' });

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
    .meta({ description: 'steady-state availability, with mttr instead of failure/repair: exponential, MTTF = MTTR·A/(1−A)' }),
  mttr: duration('positive', 'mean time to repair, with availability').optional(),
  crew: name.optional().meta({ description: 'name of a repair crew pool in "crews"; absent: one repairer per component' }),
  initial: initialState.optional(),
};

/** Standby spares of a group (README, "Standby spares"); ranges against the group's count are checked in `validateScenario`. */
export const standbySchema = z
  .strictObject({
    spares: positiveInteger('components of the group held in standby at the start (fewer than count); count − spares are active'),
    mode: z.enum(['cold', 'warm', 'hot']).meta({ description: 'cold: a dormant spare never fails; warm: it fails at dormantFactor × the active rate; hot: at the active rate' }),
    dormantFactor: z
      .number()
      .refine((v) => v > 0 && v < 1, 'expected a number in (0, 1)')
      .optional()
      .meta({ description: 'warm only: a dormant time to failure is a draw of the failure law divided by this factor (exponential: rate factor × λ)' }),
    switchover: z
      .union([duration('nonNegative', 'fixed switch-over time'), distributionSchema])
      .optional()
      .meta({ description: 'time from an active failure to the spare being up: a duration, or a distribution (default 0: instantaneous)' }),
    switchFailure: z
      .number()
      .refine((v) => v >= 0 && v < 1, 'expected a probability in [0, 1)')
      .optional()
      .meta({ description: 'probability that switching a spare in fails on demand: the spare goes down to repair and the next is tried (default 0)' }),
  })
  .meta({ description: 'Standby spares: count − spares components active, the rest dormant until one is switched in' });

export const groupSchema = z
  .strictObject({
    kind: z.enum(['coordinator', 'executor', 'link', 'source', 'component']).optional().meta({ description: 'default "component"' }),
    count: positiveInteger('number of identical components (default 1)').optional(),
    ...failureModel,
    standby: standbySchema.optional(),
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

const members = z.array(name).min(1, 'expected at least one member').meta({ description: 'names of groups or services' });

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
    .strictObject({ connected: members })
    .meta({ description: "up iff the listed groups' components are all reachable from one another through up links" }),
]);

/**
 * A common-cause shock process (README, "Common-cause failures"): shocks arrive as a renewal
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
      .meta({ description: 'probability that a shock fails each member that is up, independently (default 1: all of them)' }),
  })
  .meta({ description: 'A shock that fails a set of components at once (a rack, an availability zone, a bad deploy)' });

export const GATE_KEYS = ['all', 'any', 'atLeast', 'quorum', 'connected'] as const;

const gridSchema = z.union([
  z.strictObject({ step: duration('positive', 'spacing of grid times from 0 to the horizon') }),
  z.strictObject({ times: z.array(duration('nonNegative', 'a grid time')).min(1) }),
]);

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: name,
    description: z.string().min(1, 'expected a non-empty description'),
    horizon: duration('positive', 'end of the simulated interval'),
    warmup: duration('nonNegative', 'start of the measured interval (default 0)').optional(),
    grid: gridSchema.optional().meta({ description: 'times of the point-availability and reliability curves (default: 12 steps)' }),
    windows: z.array(duration('positive', 'a query window length')).optional(),
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
      .optional(),
    groups: z.record(name, groupSchema),
    network: networkSchema.optional(),
    services: z.record(name, serviceSchema),
    shocks: z.record(name, shockSchema).optional().meta({ description: 'common-cause shock processes by name' }),
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
export type ServiceInput = z.output<typeof serviceSchema>;
export type ShockInput = z.output<typeof shockSchema>;
