/** Everything a simulation would find wrong with a resolved scenario, found before simulating: what `validate` and `run` check up front. */
import { describeValue } from '../errors.js';
import { largestSample, type Distribution } from '../random/distributions/Distribution.js';
import { fromSpec } from '../random/distributions/fromSpec.js';
import { scenarioError, validateScenario, type Scenario, type ScenarioDistribution } from '../scenario/validateScenario.js';
import { DEFAULT_MAX_EVENTS } from './Simulation.js';

export interface CheckOptions {
  /** The most events one replication may process (`--max-events`; default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
}

/**
 * Checks what the schema cannot: every distribution (the workload's execution and fallback
 * latency laws included) is built exactly as the simulation builds it
 * (`fromSpec`, so every parameter check a distribution makes runs here: uniform min > max, a
 * truncated normal whose mass at ≥ 0 underflows, …); every draw is a finite delay (a lognormal or
 * Weibull can overflow to Infinity); and the expected events of one replication, from the mean
 * failure and repair times (and the shocks' mean times between shocks), fit `maxEvents` (an
 * event storm at t ≈ 0 is refused, not run).
 * Cheap: a few operations per group, nothing per component.
 * @throws FaultlineError INVALID_SCENARIO naming the JSON path of each problem and `source`.
 */
export function checkScenario(scenario: Scenario, source = 'scenario', options: CheckOptions = {}): void {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const problems: string[] = [];
  const build = (spec: Scenario['groups'][number]['failure'], path: string): Distribution | undefined => {
    let d: Distribution;
    try {
      d = fromSpec(spec, path);
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
    const largest = largestSample(d);
    if (!Number.isFinite(scenario.horizon + largest)) {
      problems.push(`${path}: expected a distribution whose every draw is a finite duration, got ${d.describe()} (its largest draw is ${describeValue(largest)} h)`);
    }
    return d;
  };
  let total = 0;
  let busiest = { path: '', events: 0, cycle: 0, count: 0, what: '' };
  for (const g of scenario.groups) {
    const failure = build(g.failure, `${g.path}.failure`);
    const repair = g.repair === null ? null : build(g.repair, `${g.path}.repair`);
    if (g.standby?.switchover != null) build(g.standby.switchover, `${g.path}.standby.switchover`);
    if (failure === undefined || repair === undefined) continue;
    // A repairable component fails and is repaired about horizon / (MTTF + MTTR) times (fewer
    // when it queues for a crew); a crash-stop one fails at most once.
    const cycle = repair === null ? Infinity : failure.mean + repair.mean;
    const events = g.count * (repair === null ? 1 : 2 * (scenario.horizon / cycle + 1));
    total += events;
    if (events > busiest.events) busiest = { path: g.path, events, cycle, count: g.count, what: `${g.count} components failing and repaired every ${cycle} h on average` };
  }
  // A shock process fires about horizon / mean times; the failures it causes are repaired within the members' own cycles above.
  for (const shock of scenario.shocks ?? []) {
    const every = build(shock.every, `${shock.path}.every`);
    if (every === undefined) continue;
    const events = scenario.horizon / every.mean + 1;
    total += events;
    if (events > busiest.events) busiest = { path: shock.path, events, cycle: every.mean, count: 1, what: `a shock every ${every.mean} h on average` };
  }
  // The workload's laws are checked as the groups' are; each query costs at least two events (its
  // arrival, and its answer or timeout), more with retries and fallbacks.
  scenario.workload?.classes.forEach((c) => {
    const path = `workload.classes.${c.name}`;
    build(c.execution, `${path}.execution`);
    c.fallbacks.forEach((f, i) => build(f.latency, `${path}.fallbacks.${i}.latency`));
    if (c.network?.request != null) build(c.network.request, `${path}.network.request`);
    if (c.network?.response != null) build(c.network.response, `${path}.network.response`);
    // An on/off process whose laws have mean 0 would toggle forever at one instant.
    const onOff = (process: { every: ScenarioDistribution; duration: ScenarioDistribution } | null, at: string) => {
      if (process === null) return;
      for (const key of ['every', 'duration'] as const) {
        const d = build(process[key], `${at}.${key}`);
        if (d !== undefined && !(d.mean > 0)) problems.push(`${at}.${key}: expected a law with a mean > 0, got ${d.describe()}`);
      }
    };
    onOff(c.slow, `${path}.slow`);
    onOff(c.lossEpisodes, `${path}.loss.episodes`);
    const a = c.arrivals;
    const queries =
      a.type === 'poisson'
        ? a.rate * scenario.horizon
        : a.steps.reduce((sum, step, i) => sum + step.rate * (Math.min(scenario.horizon, a.steps[i + 1]?.from ?? scenario.horizon) - step.from), 0);
    const events = 2 * queries;
    total += events;
    if (events > busiest.events) busiest = { path, events, cycle: NaN, count: 1, what: `about ${queries.toPrecision(3)} queries at two events each, at least,` };
  });
  if (problems.length === 0 && !(total <= maxEvents)) {
    const about = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : 'infinitely many');
    problems.push(
      `${busiest.path}: expected at most ${maxEvents} events per replication (--max-events), got about ${about(total)} ` +
        `(this ${busiest.path.startsWith('shocks.') ? 'shock' : busiest.path.startsWith('workload.') ? 'class' : 'group'}: ${about(busiest.events)}, ${busiest.what} ` +
        `over ${scenario.horizon} h); raise the limit with --max-events, or ` +
        (busiest.path.startsWith('workload.') ? 'lower the rate or shorten the horizon' : 'lengthen the failure and repair times'),
    );
  }
  if (problems.length > 0) scenarioError(source, problems);
}

/**
 * A parsed scenario file (any JSON value) validated as `validateScenario` does and then checked
 * as `checkScenario` does: everything `run` needs to know before it simulates.
 * @throws FaultlineError INVALID_SCENARIO naming `source`, the JSON path and the value.
 */
export function validateForSimulation(input: unknown, source = 'scenario', options: CheckOptions = {}): Scenario {
  const scenario = validateScenario(input, source);
  checkScenario(scenario, source, options);
  return scenario;
}
