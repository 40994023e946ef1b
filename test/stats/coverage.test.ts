// Coverage of faultline's 99% intervals on a scenario with a known exact value, in every regime of
// "replications expected to see an outage" (the long version: npm run bench -- --only coverage).
import { describe, expect, it } from 'vitest';
import { COVERAGE_REGIMES, coverageRows } from '../../bench/coverage.js';
import { clopperPearsonInterval } from '../../src/stats/intervals.js';

const RUNS = 400;
const REPLICATIONS = 1000;

describe('coverage of the 99% intervals (one repairable component, exact CTMC values)', () => {
  const table = COVERAGE_REGIMES.flatMap((regime) => coverageRows(regime, REPLICATIONS, RUNS));

  it.each(table.map((r) => [r.expectedWithOutage, r.metric, r]))('about %s of 1000 replications see an outage: %s covers at least 98.5%%', (_, __, row) => {
    // The observed coverage over 400 runs is a binomial proportion: refuse only what its exact
    // 99.8% interval rules out, so that the bound is derived from the data, not tuned to them.
    const covered = Math.round(row.coverage * row.runs);
    expect(clopperPearsonInterval(covered, row.runs, 0.998).high).toBeGreaterThanOrEqual(0.985);
    expect(row.coverage).toBeGreaterThanOrEqual(0.975);
  });

  it('is no wider than needed: the assumption-free floor with nothing seen, Hall-tight with many', () => {
    const at = (regime: number, metric: string) => table.find((r) => r.expectedWithOutage === regime && r.metric === metric);
    // With no outage seen (most runs at 0.5), the bound is R·(1 − 0.005^(1/n)): a history in which
    // every outage lasts the whole run would give these data, so no assumption-free bound is lower.
    const floor = -Math.expm1(Math.log(0.005) / REPLICATIONS);
    const low = at(0.5, 'up.unavailability');
    expect(low?.lowInformation).toBe(1);
    expect((low?.medianUpperOverExact as number) * (low?.exact as number)).toBeCloseTo(floor, 12);
    // For counts the floor is Garwood's −ln(0.005)/n.
    const outages = at(0.5, 'up.outages');
    expect((outages?.medianUpperOverExact as number) * (outages?.exact as number)).toBeCloseTo(-Math.log(0.005) / REPLICATIONS, 12);
    // With 300 replications seeing outages, no run is low-information and the interval is tight.
    const many = at(300, 'up.unavailability');
    expect(many?.lowInformation).toBe(0);
    expect(many?.medianRelativeWidth).toBeLessThan(0.5);
  });

  it('the Student t interval, for contrast, misses most often where outages are rare', () => {
    const t = (regime: number) => table.find((r) => r.expectedWithOutage === regime && r.metric === 'up.unavailability')?.tCoverage as number;
    expect(t(0.5)).toBeLessThan(0.5); // a run that sees no outage gets [0, 0]
    expect(t(3)).toBeLessThan(0.9);
  });
});
