import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/runCheck.js';
import { checkClaims } from '../../src/check/userClaims.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { parseOverride, singleAssignments } from '../../src/scenario/overrides.js';
import { validateClaims, validateScenario } from '../../src/scenario/validateScenario.js';
import { faultline, smallScenario, tempDir, writeScenario } from '../support/cli.js';
import { readFileSync, writeFileSync } from 'node:fs';

// The 2-of-3 system of smallScenario: exponential MTTF 1000 h, MTTR 10 h, independent repair,
// starting up, over a year. Its steady unavailability is 3q² − 2q³ with q = 10/1010 ≈ 2.93e-4
// (binomial k-of-n, Barlow & Proschan 1975); over [0, 1 y] from all-up it is a little lower.
const q = 10 / 1010;
const steadyUnavailability = 3 * q * q - 2 * q * q * q;

describe('claims of your own', () => {
  it('judges a scenario’s claims like the built-in pairs: a wrong SLA refuted, a true range and point consistent', async () => {
    const scenario = validateScenario(
      smallScenario((s) => {
        s.claims = [
          { metric: 'small.availability', atLeast: 0.99999, source: 'vendor SLA' },
          { metric: 'small.unavailability', atLeast: 0, atMost: 2 * steadyUnavailability, source: 'design doc §3', kind: 'model' },
          { metric: 'small.outages', value: 0, source: 'wishful thinking' },
        ];
      }),
    );
    const { rows } = await check(scenario, { seed: 11, replications: 4000, confidence: 0.99, workers: 1 });
    const of = (source: string) => rows.find((r) => r.formula.includes(source));
    expect(of('vendor SLA')).toMatchObject({ kind: 'published', verdict: 'refuted', analytic: 0.99999, formula: 'small.availability ≥ 0.99999 (vendor SLA; claim)' });
    expect(of('vendor SLA')?.why).toMatch(/excludes what vendor SLA claims/);
    const doc = of('design doc §3');
    expect(doc).toMatchObject({ kind: 'correct', verdict: 'consistent' });
    // Inside the range, the claim is tested at the estimate itself.
    expect(doc?.analytic).toBe(doc?.estimate);
    expect(of('wishful thinking')).toMatchObject({ verdict: 'refuted' });
  }, 60_000);

  it('turns a latency quantile claim into a claim on the CDF, tested on its weaker side', async () => {
    // simple_select_no_timeout executes in lognormal(mu 1, sigma 0.5) seconds and never fails, so
    // its p99 is e^(1 + 0.5 z_0.99) = 8.70 s: F(10 s) = Φ((ln 10 − 1)/0.5) = 0.9954, F(8 s) = 0.9846.
    // 30 replications (the fewest that are not a low-information bound) of 20 minutes each.
    const scenario = loadScenario(bundledScenarioPath('query-timeouts'), singleAssignments([parseOverride('horizon=20min')]));
    const metric = 'queries.simple_select_no_timeout.latency.p99';
    const claims = validateClaims([
      { metric, atMost: 10, source: 'below 10 s' },
      { metric, atMost: 8, source: 'below 8 s' },
      { metric, atLeast: 8, source: 'above 8 s' },
      { scenario: 'someone-else', metric: 'x.availability', value: 1, source: 'elsewhere' },
    ]);
    expect(() => checkClaims([scenario], claims)).toThrow(/--claims: 3\.scenario: expected one of the scenarios checked \(query-timeouts\), got "someone-else"/);
    const { rows } = await check([{ scenario, replications: 30 }], { seed: 5, confidence: 0.99, workers: 1, claims: claims.slice(0, 3) });
    const of = (source: string) => rows.find((r) => r.formula.includes(source));
    expect(of('below 10 s')?.metric).toMatch(/^queries\.simple_select_no_timeout\.latency\.cdf@/);
    expect(of('below 10 s')?.formula).toMatch(/≥ 0\.99$/);
    // The edge tested is at or above 10 s for an upper bound, at or below 8 s for a lower one.
    expect(Number(/cdf@([0-9.e+-]+)s/.exec(of('below 10 s')?.metric ?? '')?.[1])).toBeGreaterThanOrEqual(10);
    expect(Number(/cdf@([0-9.e+-]+)s/.exec(of('above 8 s')?.metric ?? '')?.[1])).toBeLessThanOrEqual(8);
    expect(of('below 10 s')?.verdict).toBe('consistent');
    expect(of('below 8 s')?.verdict).toBe('refuted');
    expect(of('above 8 s')?.verdict).toBe('consistent');
  }, 60_000);

  it('refuses a claim on a metric the scenario does not measure, and a claim that states nothing or too much', () => {
    const scenario = validateScenario(smallScenario((s) => (s.claims = [{ metric: 'small.availabilty', atLeast: 0.9, source: 'typo' }])));
    expect(() => checkClaims([scenario])).toThrow(/small: claims\.0\.metric: expected a metric of the scenario \(small has e\.g\. small\.availability, .*\), got "small\.availabilty"/);
    expect(() => validateScenario(smallScenario((s) => (s.claims = [{ metric: 'small.availability', source: 'x' }])))).toThrow(/claims\.0: expected either value or atLeast\/atMost, not neither/);
    expect(() => validateScenario(smallScenario((s) => (s.claims = [{ metric: 'small.availability', value: 1, atMost: 1, source: 'x' }])))).toThrow(/not both/);
    expect(() => validateScenario(smallScenario((s) => (s.claims = [{ metric: 'small.availability', atLeast: 0.9, atMost: 0.8, source: 'x' }])))).toThrow(/claims\.0\.atMost: expected at least atLeast \(0\.9\)/);
    expect(() => validateScenario(smallScenario((s) => (s.claims = [{ metric: 'small.availability', value: 1, source: '' }])))).toThrow(/claims\.0\.source: expected where the claim comes from/);
    expect(() => validateClaims({ claims: [{ metric: 'a', value: 1, source: 's', kind: 'belief' }] }, 'mine.json')).toThrow(/mine\.json: claims\.0\.kind/);
  });

  it('reads --claims on the command line, writes the verdicts to check.csv, and exits 1 when a model claim is refuted', () => {
    const dir = tempDir('claims');
    const file = writeScenario(dir, 'small', smallScenario());
    const claims = join(dir, 'claims.json');
    writeFileSync(claims, JSON.stringify([{ metric: 'small.availability', atLeast: 0.999, source: 'capacity plan', kind: 'model' }]));
    const ok = faultline(['check', file, '--claims', claims, '--reps', '1000', '--workers', '1', '--out', join(dir, 'ok')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(join(dir, 'ok', 'check.csv'), 'utf8')).toMatch(/small\.availability,small\.availability ≥ 0\.999 \(capacity plan; claim\),correct,.*consistent/);
    writeFileSync(claims, JSON.stringify([{ metric: 'small.availability', atLeast: 0.99999, source: 'capacity plan', kind: 'model' }]));
    const bad = faultline(['check', file, '--claims', claims, '--reps', '1000', '--workers', '1', '--out', join(dir, 'bad')]);
    expect(bad.status).toBe(1);
    writeFileSync(claims, JSON.stringify([{ metric: 'nope.availability', atLeast: 0.9, source: 's' }]));
    const unknown = faultline(['check', file, '--claims', claims, '--out', join(dir, 'unknown')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/claims\.json: 0\.metric: expected a metric of a scenario checked \(small\), got "nope\.availability"/);
  }, 60_000);
});
