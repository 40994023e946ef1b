/** Simulates a scenario and pairs a service's unavailability with the exact k-of-n closed form, with an interval, a z-score and a verdict. */
import { kOfNGroupsIntervalUnavailability, kOfNGroupsUnavailability, type KOfNGroup } from '../analytic/kOfNGroups.js';
import { FaultlineError } from '../errors.js';
import { normalQuantile } from '../math/normal.js';
import { runScenario, type RunOptions, type Scenario } from '../run/runScenario.js';
import { meanInterval } from '../stats/intervals.js';
import { zScore } from '../stats/zScore.js';

export type Verdict = 'consistent' | 'refuted' | 'inconclusive';

export interface KOfNCheck {
  readonly scenario: string;
  readonly service: string;
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  /** Mean over replications of the fraction of [warmup, horizon] the service was down. */
  readonly estimate: number;
  readonly stdError: number;
  readonly low: number;
  readonly high: number;
  /** Exact expected interval unavailability over [warmup, horizon], all components up at 0. */
  readonly analytic: number;
  /** Exact steady-state unavailability (differs from `analytic` by the start-up transient). */
  readonly steadyState: number;
  readonly zScore: number;
  readonly verdict: Verdict;
  readonly repsWithOutage: number;
  readonly events: number;
}

/**
 * The service as a series of k-of-n groups, when the exact formula applies: a `quorum` without a
 * network (every up node reaches every other), an `atLeast` over a group, or an `all` over
 * groups; every group with exponential failure and repair, its own repairer per component and
 * an all-up start.
 * @throws FaultlineError INVALID_ARGUMENT saying why the formula does not apply.
 */
export function kOfNGroupsOf(scenario: Scenario, serviceName: string): KOfNGroup[] {
  const refuse: (why: string) => never = (why) => {
    throw new FaultlineError('INVALID_ARGUMENT', `${scenario.name}: services.${serviceName}: no exact k-of-n value: ${why}`);
  };
  const service = scenario.services.find((s) => s.name === serviceName) ?? refuse('no such service');
  const group = (name: string, atLeast: number): KOfNGroup => {
    const g = scenario.groups.find((x) => x.name === name) ?? refuse(`no group ${name}`);
    if (g.failure.type !== 'exponential' || g.repair?.type !== 'exponential') refuse(`${g.path} needs exponential failure and repair`);
    if (g.crew !== null) refuse(`${g.path} shares a repair crew (see the crew models of the analytic issue)`);
    if (g.initial !== 'up') refuse(`${g.path} does not start up`);
    const mean = (spec: typeof g.failure): number => (typeof spec['mean'] === 'number' ? spec['mean'] : 1 / (spec['rate'] as number));
    return { count: g.count, atLeast, mttf: mean(g.failure), mttr: mean(g.repair) };
  };
  switch (service.gate) {
    case 'quorum':
      if (scenario.network !== null) refuse('the quorum depends on the network');
      return [group(service.coordinators, Math.floor((scenario.groups.find((g) => g.name === service.coordinators)?.count ?? 0) / 2) + 1), group(service.executors, service.executorsAtLeast)];
    case 'kOfGroup':
      return [group(service.group, service.k)];
    case 'kOfMembers':
      if (service.k !== service.members.length || service.members.some((m) => m.type !== 'group')) refuse('only an "all" over groups is a series of groups');
      return service.members.map((m) => {
        const g = group(m.name, 0);
        return { ...g, atLeast: g.count };
      });
    default:
      return refuse(`a ${service.gate} gate is not a series of k-of-n groups`);
  }
}

// Below this many replications with an outage, the sample mean of a rare, mostly-zero quantity
// is far from normal, and a z-test would be meaningless.
const MIN_REPS_WITH_OUTAGE = 30;

/** Checks a service's simulated interval unavailability against the exact k-of-n value: a two-sided z-test at `confidence`. */
export function checkKOfN(scenario: Scenario, serviceName: string, options: RunOptions & { readonly confidence: number }): KOfNCheck {
  const groups = kOfNGroupsOf(scenario, serviceName);
  const summary = runScenario(scenario, options);
  const service = summary.services.find((s) => s.name === serviceName) as (typeof summary.services)[number];
  const interval = meanInterval(service.unavailability, options.confidence, 'student-t');
  const analytic = kOfNGroupsIntervalUnavailability(groups, scenario.horizon, scenario.warmup);
  const z = zScore(interval.estimate, analytic, interval.stdError);
  const critical = normalQuantile(1 - (1 - options.confidence) / 2);
  const verdict: Verdict =
    service.repsWithOutage < MIN_REPS_WITH_OUTAGE ? 'inconclusive' : Math.abs(z) <= critical ? 'consistent' : 'refuted';
  return {
    scenario: scenario.name,
    service: serviceName,
    seed: options.seed,
    replications: summary.replications,
    confidence: options.confidence,
    estimate: interval.estimate,
    stdError: interval.stdError,
    low: interval.low,
    high: interval.high,
    analytic,
    steadyState: kOfNGroupsUnavailability(groups),
    zScore: z,
    verdict,
    repsWithOutage: service.repsWithOutage,
    events: summary.events,
  };
}
