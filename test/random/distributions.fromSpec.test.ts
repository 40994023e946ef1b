import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { type DistributionSpec, fromSpec } from '../../src/random/distributions/index.js';

describe('fromSpec builds each kind from its plain-object spec', () => {
  const cases: readonly (readonly [DistributionSpec, string])[] = [
    [{ type: 'exponential', mean: 4 }, 'exponential(mean=4)'],
    [{ type: 'exponential', rate: 0.25 }, 'exponential(rate=0.25)'],
    [{ type: 'weibull', shape: 1.5, scale: 100 }, 'weibull(shape=1.5, scale=100)'],
    [{ type: 'lognormal', mu: 1, sigma: 0.5 }, 'lognormal(mu=1, sigma=0.5)'],
    [{ type: 'lognormal', mean: 4, sd: 2 }, 'lognormal(mean=4, sd=2)'],
    [{ type: 'truncatedNormal', mean: 2, sd: 3 }, 'truncatedNormal(mean=2, sd=3)'],
    [{ type: 'gamma', shape: 2, scale: 3 }, 'gamma(shape=2, scale=3)'],
    [{ type: 'gamma', shape: 2, rate: 0.5 }, 'gamma(shape=2, rate=0.5)'],
    [{ type: 'uniform', min: 0, max: 2 }, 'uniform(min=0, max=2)'],
    [{ type: 'deterministic', value: 0 }, 'deterministic(value=0)'],
    [{ type: 'empirical', samples: [3, 1, 2] }, 'empirical(n=3, min=1, max=3)'],
  ];

  it.each(cases)('%j', (spec, description) => {
    const d = fromSpec(spec);
    expect(d.kind).toBe(spec.type);
    expect(d.describe()).toBe(description);
  });

  it('reads parsed JSON', () => {
    expect(fromSpec(JSON.parse('{ "type": "exponential", "mean": 4 }')).mean).toBe(4);
  });
});

describe('fromSpec names the offending field', () => {
  const cases: readonly (readonly [string, unknown, string | undefined, string])[] = [
    ['not an object', 3, undefined, 'spec: expected an object with a "type" field, got 3'],
    ['null', null, 'components.db.failure', 'components.db.failure: expected an object with a "type" field, got null'],
    ['an array', [], undefined, 'spec: expected an object with a "type" field, got []'],
    ['no type', { mean: 4 }, undefined, 'spec.type: expected one of "exponential", "weibull", "lognormal"'],
    ['unknown type', { type: 'pareto', shape: 2 }, 'repair', 'repair.type: expected one of'],
    ['inherited type name', { type: 'toString' }, undefined, 'spec.type: expected one of'],
    ['a missing field', { type: 'weibull', shape: 2 }, undefined, 'weibull.scale: expected a value (weibull takes {shape, scale}), got undefined'],
    ['no fields at all', { type: 'exponential' }, undefined, 'exponential.mean: expected a value (exponential takes {mean} or {rate}), got undefined'],
    ['an extra field', { type: 'exponential', mean: 4, shape: 2 }, undefined, 'exponential.shape: expected no such field (exponential takes {mean} or {rate}), got 2'],
    ['conflicting fields', { type: 'exponential', mean: 4, rate: 0.25 }, undefined, 'exponential.rate: expected no rate together with mean'],
    ['mixed lognormal sets', { type: 'lognormal', mu: 1, sd: 2 }, undefined, 'lognormal.sd: expected no sd together with mu'],
    ['gamma with scale and rate', { type: 'gamma', shape: 2, scale: 1, rate: 1 }, 'x', 'x.rate: expected no rate together with shape, scale'],
    ['an invalid value', { type: 'exponential', mean: -4 }, undefined, 'exponential.mean: expected a finite number > 0, got -4'],
    ['a string value', { type: 'exponential', mean: '4h' }, 'components.db.repair', 'components.db.repair.mean: expected a finite number > 0, got "4h"'],
    ['an invalid value under a path', { type: 'lognormal', mean: 4, sd: 0 }, 'repair', 'repair.sd: expected a finite number > 0, got 0'],
    ['samples not an array', { type: 'empirical', samples: 3 }, undefined, 'empirical.samples: expected a non-empty array of durations, got 3'],
    ['a bad sample', { type: 'empirical', samples: [1, -2] }, 'ttr', 'ttr.samples[1]: expected a finite number >= 0, got -2'],
  ];

  it.each(cases)('%s', (_, spec, path, message) => {
    const build = (): unknown => fromSpec(spec, path);
    expect(build).toThrow(FaultlineError);
    expect(build).toThrow(message);
  });
});
