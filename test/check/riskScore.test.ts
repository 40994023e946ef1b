import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { riskAssessmentModel } from '../../src/analytic/published/riskAssessmentModel.js';
import { check } from '../../src/check/runCheck.js';
import { checkRisk } from '../../src/check/riskScore.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { faultline, smallScenario, tempDir, writeScenario } from '../support/cli.js';

const withRisk = (risk: Record<string, string>) => smallScenario((s) => (s.risk = risk));

describe("seed 000's risk score from simulated inputs", () => {
  it('is the published formula at the estimates, with the seed defaults named, and its range over the intervals', async () => {
    // smallScenario: a 2-of-3 system with MTTF 1000 h, MTTR 10 h: availability ≈ 1 − 2.9e-4 (≥ 0.99: availability risk 0).
    const scenario = validateScenario(withRisk({ systemAvailability: 'small.availability', avgRecoveryMinutes: 'small.longest_outage_hours' }));
    const { risk } = await check(scenario, { seed: 2, replications: 2000, confidence: 0.99, workers: 1 });
    expect(risk).toHaveLength(1);
    const r = risk[0];
    if (r === undefined) throw new Error('no report');
    const by = Object.fromEntries(r.inputs.map((v) => [v.input, v]));
    expect(by['systemAvailability']?.metric).toBe('small.availability');
    expect(by['queryTimeoutRate']).toMatchObject({ metric: null, estimate: 0.05 });
    expect(by['reflectionFailureRate']).toMatchObject({ metric: null, estimate: 0.1 });
    expect(by['networkPartitionRisk']).toMatchObject({ metric: null, estimate: 0.001 });
    const minutes = by['avgRecoveryMinutes']?.estimate as number;
    const expected = riskAssessmentModel().calculateCompositeRisk({ systemAvailability: by['systemAvailability']?.estimate as number, avgRecoveryMinutes: minutes });
    expect(r.score).toBe(expected.compositeRiskScore);
    expect(r.level).toBe(expected.riskLevel);
    // By hand: 0.3·0 + 0.25·min(5, 10) + 0.25·min(5, 10) + 0.1·min(1, 10) + 0.1·min(minutes/6, 10).
    expect(r.score).toBeCloseTo(0.25 * 5 + 0.25 * 5 + 0.1 * 1 + 0.1 * Math.min(minutes / 6, 10), 12);
    expect(r.low).toBeLessThanOrEqual(r.score);
    expect(r.high).toBeGreaterThanOrEqual(r.score);
  }, 60_000);

  it('refuses an input mapped to a missing metric or one of the wrong kind, before running', () => {
    expect(() => checkRisk([validateScenario(withRisk({ systemAvailability: 'small.avail' }))])).toThrow(/small: risk\.systemAvailability: expected a metric of the scenario .*, got "small\.avail"/);
    expect(() => checkRisk([validateScenario(withRisk({ queryTimeoutRate: 'small.downtime_hours' }))])).toThrow(/risk\.queryTimeoutRate: expected a fraction or proportion metric, got "small\.downtime_hours" \(duration, unit h\)/);
    expect(() => checkRisk([validateScenario(withRisk({ avgRecoveryMinutes: 'small.availability' }))])).toThrow(/expected a duration metric in hours or seconds/);
    expect(() => validateScenario(withRisk({ riskAppetite: 'x' }))).toThrow(/risk\.riskAppetite: unknown field/);
  });

  it('is printed and written to check.md with the plain statement that it is an index, not a probability', () => {
    const dir = tempDir('risk');
    const file = writeScenario(dir, 'small', withRisk({ systemAvailability: 'small.availability' }));
    const run = faultline(['check', file, '--reps', '500', '--workers', '1', '--out', join(dir, 'out')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Seed 000's composite risk score for small: [0-9.]+ \((LOW|MEDIUM)\); over the inputs' intervals \[.*\]\. It is a weighted index .*not a probability/);
    expect(readFileSync(join(dir, 'out', 'check.md'), 'utf8')).toMatch(/## Seed 000's risk score[\s\S]*queryTimeoutRate: 0\.0500000 \(the seed's default: not simulated\)/);
  }, 60_000);
});
