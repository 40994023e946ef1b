/**
 * The coverage experiment: many independent small runs of a scenario with a known exact value, and
 * the fraction of their intervals that contain it, per regime of "replications expected to see an
 * outage". The suite runs a short version (test/stats/coverage.test.ts); `npm run bench -- --only
 * coverage` prints the long one, the table in docs/statistics.md.
 */
import { exactFor, isExact, type ExactService } from '../src/check/exactFor.js';
import { ScenarioAccumulator } from '../src/run/ScenarioAccumulator.js';
import { estimateMetric } from '../src/run/summarize.js';
import { validateScenario, type Scenario } from '../src/scenario/validateScenario.js';
import { Simulation } from '../src/sim/Simulation.js';
import { meanInterval } from '../src/stats/intervals.js';

/** One component with exponential up and repair times from an all-up start, over [0, T]. */
export function coverageScenario(expectedWithOutage: number, replications: number): Scenario {
  const horizon = 100;
  // P(a replication sees an outage) = P(a failure before T) = 1 − e^(−λT).
  const p = expectedWithOutage / replications;
  const mttf = -horizon / Math.log1p(-p);
  const repair = { type: 'exponential', mean: 2 }; // an outage costs about 2% of the span
  return validateScenario({
    name: 'coverage',
    description: `one repairable component; ${expectedWithOutage} of ${replications} replications expected to see an outage`,
    horizon,
    grid: { times: [0, horizon] },
    groups: { unit: { failure: { type: 'exponential', mean: mttf }, repair } },
    services: { up: { all: ['unit'] } },
  });
}

export interface CoverageRow {
  readonly expectedWithOutage: number;
  readonly replications: number;
  readonly runs: number;
  readonly metric: string;
  readonly exact: number;
  /** Fraction of runs whose 99% interval contains the exact value. */
  readonly coverage: number;
  /** Of those runs, the fraction whose interval was a low-information bound. */
  readonly lowInformation: number;
  /** Median over runs of (ci_high − ci_low) / exact, for the distance from the usual value. */
  readonly medianRelativeWidth: number;
  /** Median over runs of ci_high / exact (the same distance): how far above the truth the bound reaches. */
  readonly medianUpperOverExact: number;
  /** The Student t interval's coverage on the same runs, for contrast. */
  readonly tCoverage: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.floor(s.length / 2)] as number);
};

/**
 * `runs` independent runs (seed = 1000 + run) of `replications` each, for the unavailability (a
 * bounded amount) and the outage count (a count): their 99% intervals against the exact CTMC
 * values of `faultline analytic`.
 */
export function coverageRows(expectedWithOutage: number, replications: number, runs: number, confidence = 0.99): CoverageRow[] {
  const scenario = coverageScenario(expectedWithOutage, replications);
  const exact = exactFor(scenario)[0];
  if (exact === undefined || !isExact(exact)) throw new Error('coverage: no exact value');
  const targets: { metric: string; exact: (e: ExactService) => number; distance: (x: number) => number }[] = [
    { metric: 'up.unavailability', exact: (e) => 1 - e.intervalAvailability, distance: (x) => x },
    { metric: 'up.outages', exact: (e) => e.expectedOutages, distance: (x) => x },
  ];
  const simulation = new Simulation(scenario);
  const tally = targets.map(() => ({ covered: 0, tCovered: 0, low: 0, widths: [] as number[], uppers: [] as number[] }));
  for (let run = 0; run < runs; run++) {
    const acc = new ScenarioAccumulator(scenario);
    for (let rep = 0; rep < replications; rep++) {
      simulation.run(1000 + run, rep);
      acc.add(simulation);
    }
    targets.forEach((t, i) => {
      const truth = t.exact(exact);
      const { moments, metric } = acc.of(t.metric);
      const e = estimateMetric(acc, metric, confidence);
      const row = tally[i] as (typeof tally)[number];
      if (e.low <= truth && truth <= e.high) row.covered++;
      if (e.lowInformation) row.low++;
      row.widths.push((e.high - e.low) / t.distance(truth));
      row.uppers.push(e.high / truth);
      const scale = t.metric.endsWith('unavailability') ? 1 / (scenario.horizon - scenario.warmup) : 1;
      const ti = moments.count >= 2 ? meanInterval(moments, confidence) : { low: NaN, high: NaN };
      if (ti.low * scale <= truth && truth <= ti.high * scale) row.tCovered++;
    });
  }
  return targets.map((t, i) => {
    const row = tally[i] as (typeof tally)[number];
    return {
      expectedWithOutage,
      replications,
      runs,
      metric: t.metric,
      exact: t.exact(exact),
      coverage: row.covered / runs,
      lowInformation: row.low / runs,
      medianRelativeWidth: median(row.widths),
      medianUpperOverExact: median(row.uppers),
      tCoverage: row.tCovered / runs,
    };
  });
}

/** The regimes of the issue: about 0.5, 3, 10, 30 and 300 replications expected to see an outage. */
export const COVERAGE_REGIMES = [0.5, 3, 10, 30, 300] as const;
