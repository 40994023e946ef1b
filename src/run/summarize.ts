/** Turns a run's accumulators into the rows of summary.csv and timeseries.csv: estimates with their intervals. */
import type { SummaryRow, TimeseriesRow } from '../io/csv.js';
import type { Scenario } from '../sim/Simulation.js';
import { meanInterval, wilsonInterval } from '../stats/intervals.js';
import type { Moments } from '../stats/Moments.js';
import type { ScenarioAccumulator } from './ScenarioAccumulator.js';

interface Estimate {
  readonly estimate: number;
  readonly stdError?: number;
  readonly low?: number;
  readonly high?: number;
}

function mean(m: Moments, confidence: number): Estimate {
  if (m.count < 2) return { estimate: m.mean };
  const i = meanInterval(m, confidence, 'student-t');
  return { estimate: i.estimate, stdError: i.stdError, low: i.low, high: i.high };
}

function proportion(successes: number, n: number, confidence: number): Estimate {
  const i = wilsonInterval(successes, n, confidence);
  return { estimate: successes / n, stdError: i.stdError, low: i.low, high: i.high };
}

/** One summary row per metric, in a fixed order: services (scenario order), groups, crews. */
export function summaryRows(scenario: Scenario, acc: ScenarioAccumulator, seed: number, confidence: number): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const n = acc.replications;
  const row = (metric: string, e: Estimate): void => {
    rows.push({
      scenario: scenario.name,
      seed,
      replications: n,
      metric,
      estimate: e.estimate,
      std_error: e.stdError,
      ci_low: e.low,
      ci_high: e.high,
      confidence: e.low === undefined ? undefined : confidence,
      analytic: undefined,
      z_score: undefined,
      verdict: undefined,
    });
  };
  scenario.services.forEach((s, i) => {
    const a = acc.services[i];
    if (a === undefined) return;
    const u = mean(a.unavailability, confidence);
    // Availability is 1 − unavailability; its interval is the mirror image.
    row(`${s.name}.availability`, {
      estimate: 1 - u.estimate,
      ...(u.stdError === undefined ? {} : { stdError: u.stdError }),
      ...(u.high === undefined ? {} : { low: 1 - u.high }),
      ...(u.low === undefined ? {} : { high: 1 - u.low }),
    });
    row(`${s.name}.unavailability`, u);
    row(`${s.name}.downtime_hours`, mean(a.downtime, confidence));
    row(`${s.name}.outages`, mean(a.outages, confidence));
    row(`${s.name}.longest_outage_hours`, mean(a.longestOutage, confidence));
    row(`${s.name}.failed_by_horizon`, proportion(a.failed, n, confidence));
    scenario.windows.forEach((w, k) => row(`${s.name}.window_up_${w}h`, mean(a.windowUp[k] as Moments, confidence)));
  });
  scenario.groups.forEach((g, i) => row(`${g.name}.component_up`, mean(acc.groups[i] as Moments, confidence)));
  scenario.crews.forEach((k, i) => {
    row(`${k.name}.utilization`, mean(acc.crewUtilization[i] as Moments, confidence));
    row(`${k.name}.max_queue`, mean(acc.crewMaxQueue[i] as Moments, confidence));
    row(`${k.name}.max_busy`, { estimate: acc.crewMaxBusy[i] as number });
  });
  return rows;
}

/** Point availability and reliability of every service at every grid time, with Wilson intervals. */
export function timeseriesRows(scenario: Scenario, acc: ScenarioAccumulator, seed: number, confidence: number): TimeseriesRow[] {
  const n = acc.replications;
  return scenario.services.flatMap((s, i) => {
    const a = acc.services[i];
    if (a === undefined) return [];
    const curve = (metric: string, counts: Float64Array): TimeseriesRow[] =>
      scenario.grid.map((t, g) => {
        const p = proportion(counts[g] as number, n, confidence);
        return { scenario: scenario.name, seed, t_hours: t, metric: `${s.name}.${metric}`, estimate: p.estimate, ci_low: p.low, ci_high: p.high, analytic: undefined };
      });
    return [...curve('point_availability', a.pointUp), ...curve('reliability', a.reliable)];
  });
}
