/** Every metric a run reports, declared once: what each replication yields, its support, and the rows (summary, replications, JSON) made from it. */
import { FaultlineError } from '../errors.js';
import type { Scenario, Simulation } from '../sim/Simulation.js';
import type { MeanSupport } from '../stats/meanEstimate.js';

/**
 * A per-replication quantity that the accumulator keeps (one exact `Moments` each), measured as
 * its distance d ≥ 0 from the value a reliable system takes in most replications (0 downtime, no
 * outage, window always up, not failed by the horizon), so that the low-information bounds see
 * the zeros they are built for.
 */
export interface Quantity {
  /** Names it in partial results and messages. */
  readonly key: string;
  /** d lies in [0, support.range]. */
  readonly support: MeanSupport;
  /** d for the replication the simulation has just run. */
  readonly read: (simulation: Simulation) => number;
}

export type MetricKind = 'fraction' | 'duration' | 'count' | 'proportion';

/**
 * One reported metric: a row of summary.csv, a column of replications.csv. A `mean` is
 * offset + scale·E[d], its interval mapped the same way (a negative scale swaps the bounds); a
 * `share` is the proportion of replications with d ≠ 0 (`nonzero`) or d = 0 (`zero`), with an
 * exact binomial interval; a `peak` is the largest d of any replication, with no interval.
 */
export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** Index into the table's quantities. */
  readonly quantity: number;
  readonly estimator:
    | { readonly type: 'mean'; readonly offset: number; readonly scale: number }
    | { readonly type: 'share'; readonly of: 'nonzero' | 'zero' }
    | { readonly type: 'peak' };
  /** What it means, for results/README.md and `--json`. */
  readonly description: string;
}

export interface MetricTable {
  readonly quantities: readonly Quantity[];
  readonly metrics: readonly Metric[];
  /** Per metric name, its index in `metrics`. */
  readonly byName: ReadonlyMap<string, number>;
}

const tables = new WeakMap<Scenario, MetricTable>();

/** The metric table of a scenario, built once per scenario object. */
export function metricTable(scenario: Scenario): MetricTable {
  let table = tables.get(scenario);
  if (table === undefined) {
    table = buildTable(scenario);
    tables.set(scenario, table);
  }
  return table;
}

/** Whether a run of the scenario measures this service's first failure: always, unless `stopAt` names another service. */
export function measuresFirstFailure(scenario: Scenario, service: string): boolean {
  return scenario.stopAt === null || scenario.stopAt.firstFailure === null || scenario.stopAt.firstFailure === service;
}

/** The value a quantity's reader returns, checked: rounding may push it an ulp past its support, a bug much further. */
export function boundedValue(q: Quantity, d: number): number {
  const range = q.support.range;
  if (d >= 0 && d <= range) return d;
  const slack = 1e-9 * (Number.isFinite(range) ? range : Math.max(1, Math.abs(d)));
  if (d < 0 && d > -slack) return 0;
  if (d > range && d < range + slack) return range;
  throw new FaultlineError('INVALID_ARGUMENT', `${q.key}: a replication gave ${d}, outside [0, ${range}]`);
}

function buildTable(scenario: Scenario): MetricTable {
  const quantities: Quantity[] = [];
  const metrics: Metric[] = [];
  const span = scenario.horizon - scenario.warmup;
  const horizon = scenario.horizon;
  const whole = scenario.stopAt === null;
  const quantity = (q: Quantity): number => quantities.push(q) - 1;
  const mean = (name: string, unit: string, kind: MetricKind, q: number, offset: number, scale: number, description: string) =>
    metrics.push({ name, unit, kind, quantity: q, estimator: { type: 'mean', offset, scale }, description });
  const share = (name: string, q: number, of: 'nonzero' | 'zero', description: string) =>
    metrics.push({ name, unit: '1', kind: 'proportion', quantity: q, estimator: { type: 'share', of }, description });
  const amount = (range: number): MeanSupport => ({ range, kind: 'amount' });
  const count: MeanSupport = { range: Infinity, kind: 'count' };

  scenario.services.forEach((service, s) => {
    const name = service.name;
    if (whole) {
      const down = quantity({ key: `${name}.downtime`, support: amount(span), read: (sim) => sim.metricDowntime[s] as number });
      mean(`${name}.availability`, '1', 'fraction', down, 1, -1 / span, 'fraction of [warmup, horizon] up (interval availability)');
      mean(`${name}.unavailability`, '1', 'fraction', down, 0, 1 / span, 'fraction of [warmup, horizon] down');
      mean(`${name}.downtime_hours`, 'h', 'duration', down, 0, 1, 'hours down within [warmup, horizon]');
      const outages = quantity({ key: `${name}.outages`, support: count, read: (sim) => sim.metricOutages[s] as number });
      mean(`${name}.outages`, 'outages', 'count', outages, 0, 1, 'outages overlapping [warmup, horizon]');
      share(`${name}.no_outage`, outages, 'zero', 'proportion of replications with no outage in [warmup, horizon]');
      const longest = quantity({ key: `${name}.longest_outage`, support: amount(span), read: (sim) => sim.metricLongestOutage[s] as number });
      mean(`${name}.longest_outage_hours`, 'h', 'duration', longest, 0, 1, 'the longest outage, clipped to [warmup, horizon]; 0 with none');
    }
    if (measuresFirstFailure(scenario, name)) {
      // d = horizon − min(T, horizon): 0 for a replication censored at the horizon.
      const first = quantity({
        key: `${name}.first_failure`,
        support: amount(horizon),
        read: (sim) => horizon - Math.min(sim.metricFirstFailure[s] as number, horizon),
      });
      mean(`${name}.first_failure_hours`, 'h', 'duration', first, horizon, -1, 'time of the first failure since 0, censored at the horizon: E[min(T, horizon)]');
      const failed = quantity({ key: `${name}.failed`, support: amount(1), read: (sim) => ((sim.metricFirstFailure[s] as number) <= horizon ? 1 : 0) });
      share(`${name}.failed_by_horizon`, failed, 'nonzero', 'proportion of replications with a failure at or before the horizon (1 − censored)');
    }
    if (whole) {
      scenario.windows.forEach((w, k) => {
        const q = quantity({ key: `${name}.window_down_${w}h`, support: amount(1), read: (sim) => 1 - sim.metricWindowUp(s, k) });
        mean(`${name}.window_up_${w}h`, '1', 'fraction', q, 1, -1, `fraction of start times s in [warmup, horizon − ${w} h] with no outage in [s, s + ${w} h]`);
      });
    }
  });
  if (whole) {
    let first = 0;
    scenario.groups.forEach((g, gi) => {
      const start = first;
      const total = g.count * span;
      first += g.count;
      const down = quantity({
        key: `${g.name}.component_down`,
        support: amount(1),
        read: (sim) => {
          const up = sim.metricComponentUpTime;
          let sum = 0;
          for (let c = start; c < start + g.count; c++) sum += span - (up[c] as number);
          return sum / total;
        },
      });
      mean(`${g.name}.component_up`, '1', 'fraction', down, 1, -1, 'mean fraction of [warmup, horizon] its components are up');
      const failures = quantity({ key: `${g.name}.failures`, support: count, read: (sim) => sim.metricGroupFailures[gi] as number });
      mean(`${g.name}.failures`, 'failures', 'count', failures, 0, 1, 'component failures in [warmup, horizon]');
    });
    scenario.crews.forEach((k, ki) => {
      const busy = quantity({ key: `${k.name}.utilization`, support: amount(1), read: (sim) => (sim.metricCrewBusyTime[ki] as number) / (k.count * span) });
      mean(`${k.name}.utilization`, '1', 'fraction', busy, 0, 1, 'mean fraction of its repairers busy over [warmup, horizon]');
      const queue = quantity({ key: `${k.name}.max_queue`, support: count, read: (sim) => sim.metricCrewMaxQueue[ki] as number });
      mean(`${k.name}.max_queue`, 'components', 'count', queue, 0, 1, 'the longest repair queue in [warmup, horizon]');
      const peak = quantity({ key: `${k.name}.max_busy`, support: count, read: (sim) => sim.metricCrewMaxBusy[ki] as number });
      metrics.push({ name: `${k.name}.max_busy`, unit: 'repairers', kind: 'count', quantity: peak, estimator: { type: 'peak' }, description: 'the most repairers busy at once in [warmup, horizon], in any replication' });
    });
  }
  return { quantities, metrics, byName: new Map(metrics.map((m, i) => [m.name, i])) };
}
