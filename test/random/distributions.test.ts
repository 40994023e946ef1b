import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import {
  deterministic,
  type Distribution,
  empirical,
  exponential,
  gamma,
  lognormal,
  lognormalFromMoments,
  truncatedNormal,
  uniform,
  weibull,
} from '../../src/random/distributions/index.js';
import { drawSamples, ecdf, ksCritical99, ksStatistic, mulberry32, replay, sampleMoments } from '../support/helpers.js';

/**
 * Statistical bands. Every check below is a z-test at |z| ≤ 4.5 (two-sided p ≈ 7e-6 per check),
 * except KS, which uses its asymptotic 99% critical value 1.628/√n (Kolmogorov distribution,
 * scipy.stats.kstwobign.ppf(0.99) = 1.62762). Seeds are fixed, so a pass is reproducible; the bands
 * say how unlikely a failure of a correct sampler would be.
 *
 * - mean: |x̄ − μ| ≤ 4.5·√(σ²/n);
 * - variance: Var(s²) ≈ (μ₄ − σ⁴)/n = σ⁴(κ + 2)/n with κ the excess kurtosis, so
 *   |s² − σ²| ≤ 4.5·σ²·√((κ + 2)/n);
 * - ECDF at x: n·F_n(x) ~ Binomial(n, F(x)), so |F_n(x) − F(x)| ≤ 4.5·√(F(1 − F)/n).
 */
const N = 200_000;
const Z = 4.5;

interface StatCase {
  readonly name: string;
  readonly dist: Distribution;
  readonly seed: number;
  /** Independent closed-form values and where they come from. */
  readonly source: string;
  readonly mean: number;
  readonly variance: number;
  readonly excessKurtosis: number;
  /** Reference quantiles (p, x); also the points at which the ECDF is checked. */
  readonly quantiles: readonly (readonly [number, number])[];
  /** Absolute slack for quantiles near 0 where x = m + s·y cancels (truncated normal, mean < 0). */
  readonly quantileAbsTol?: number;
  /** Relative tolerance for quantiles (numerical inversion for gamma). */
  readonly quantileRelTol?: number;
}

const SCIPY = 'scipy 1.17.1 scipy.stats';
const MPMATH_TN =
  'mpmath 1.3.0 at 50-60 digits: numeric integration (mp.quad) of the renormalised density, equal to the ' +
  'closed form with the inverse Mills ratio; quantiles by mp.findroot on ln Φ̄ at the exact double p';

const CASES: readonly StatCase[] = [
  {
    name: 'exponential(mean=4)',
    dist: exponential({ mean: 4 }),
    seed: 1,
    source: `${SCIPY}.expon(scale=4)`,
    mean: 4,
    variance: 16,
    excessKurtosis: 6,
    quantiles: [
      [1e-12, 4.000000000002e-12],
      [0.1, 0.42144206263130524],
      [0.5, 2.772588722239781],
      [0.9, 9.210340371976184],
      [0.999999999999, 110.52417295157343],
    ],
  },
  {
    name: 'weibull(shape=1.5, scale=100)',
    dist: weibull({ shape: 1.5, scale: 100 }),
    seed: 2,
    source: `${SCIPY}.weibull_min(1.5, scale=100); mean/variance also by python3 math.gamma: 100·Γ(1+1/1.5), 100²(Γ(1+2/1.5) − Γ(1+1/1.5)²)`,
    mean: 90.27452929509336,
    variance: 3756.9028481393198,
    excessKurtosis: 1.3904035615957744,
    quantiles: [
      [1e-12, 1.0000000000003343e-6],
      [0.1, 22.30755256369171],
      [0.5, 78.32197687746513],
      [0.9, 174.37215135964118],
      [0.999999999999, 913.9691179589539],
    ],
  },
  {
    name: 'weibull(shape=0.7, scale=2)',
    dist: weibull({ shape: 0.7, scale: 2 }),
    seed: 3,
    source: `${SCIPY}.weibull_min(0.7, scale=2); python3 math.gamma gives mean 2.5316470121145667, variance 13.70734221461261`,
    mean: 2.531647012114567,
    variance: 13.707342214612614,
    excessKurtosis: 20.542015496607373,
    quantiles: [
      [1e-12, 1.4393713460033308e-17],
      [0.1, 0.08032589056427208],
      [0.5, 1.1847802259042675],
      [0.9, 6.58386594432988],
      [0.999999999999, 229.1759132166288],
    ],
  },
  {
    name: 'lognormal(mu=1, sigma=0.5)',
    dist: lognormal({ mu: 1, sigma: 0.5 }),
    seed: 4,
    source: `${SCIPY}.lognorm(0.5, scale=e)`,
    mean: 3.080216848918031,
    variance: 2.694758124344946,
    excessKurtosis: 5.898445673784778,
    quantiles: [
      [1e-12, 0.08068182768455322],
      [0.1, 1.432217893498685],
      [0.5, 2.718281828459045],
      [0.9, 5.159170355622591],
      [0.999999999999, 91.58279760979337],
    ],
  },
  {
    name: 'lognormalFromMoments(mean=4, sd=2)',
    dist: lognormalFromMoments({ mean: 4, sd: 2 }),
    seed: 5,
    source: `${SCIPY}.lognorm(√ln(1.25), scale=4/√1.25)`,
    mean: 4,
    variance: 4,
    excessKurtosis: 5.03515625,
    quantiles: [
      [1e-12, 0.1289627084046255],
      [0.1, 1.9529524904332842],
      [0.5, 3.5777087639996634],
      [0.9, 6.554178897183605],
      [0.999999999999, 99.2536432446164],
    ],
  },
  {
    name: 'truncatedNormal(mean=2, sd=3)',
    dist: truncatedNormal({ mean: 2, sd: 3 }),
    seed: 6,
    source: MPMATH_TN,
    mean: 3.2820527749944895,
    variance: 4.79223513213995,
    excessKurtosis: 0.232514451638,
    quantiles: [
      [1e-12, 7.0199918252442173e-12],
      [0.1, 0.65738562714937623],
      [0.5, 2.9657831211372643],
      [0.9, 6.3238835846523272],
      [0.999999999999, 23.224862439548802],
    ],
    quantileAbsTol: 1e-15,
  },
  {
    name: 'truncatedNormal(mean=-5, sd=1): P(parent < 0) = 1 − 2.9e-7',
    dist: truncatedNormal({ mean: -5, sd: 1 }),
    seed: 7,
    source: MPMATH_TN,
    mean: 0.18650396712584212,
    variance: 0.032696434617112225,
    excessKurtosis: 4.75918286041,
    quantiles: [
      [1e-12, 1.928081047154087e-13],
      [0.1, 0.020276020964654652],
      [0.5, 0.13201833204429846],
      [0.9, 0.42693400305002419],
      [0.999999999999, 3.8970918661927144],
    ],
    quantileAbsTol: 1e-14,
  },
  {
    name: 'truncatedNormal(mean=-30, sd=2): P(parent ≥ 0) = 3.7e-51',
    dist: truncatedNormal({ mean: -30, sd: 2 }),
    seed: 8,
    source: MPMATH_TN,
    mean: 0.13217365433564407,
    variance: 0.017320495030239575,
    excessKurtosis: 5.7996459764,
    quantiles: [
      [1e-12, 1.3274847164656643e-13],
      [0.1, 0.013983216926006464],
      [0.5, 0.091874768359402927],
      [0.9, 0.30413636826682944],
      [0.999999999999, 3.4690872253265303],
    ],
    quantileAbsTol: 3e-14,
  },
  {
    name: 'truncatedNormal(mean=-74, sd=2): the most extreme accepted, P(parent ≥ 0) = 5.7e-300',
    dist: truncatedNormal({ mean: -74, sd: 2 }),
    seed: 9,
    source: MPMATH_TN,
    mean: 0.053975372253980192,
    variance: 0.0029091123955100534,
    excessKurtosis: 5.96531089414,
    quantiles: [
      [1e-12, 5.401465593028366e-14],
      [0.1, 0.0056907935019482857],
      [0.5, 0.037430653664385918],
      [0.9, 0.12426914995801491],
      [0.999999999999, 1.4777476438363966],
    ],
    quantileAbsTol: 6e-14,
  },
  {
    name: 'gamma(shape=2.5, scale=3)',
    dist: gamma({ shape: 2.5, scale: 3 }),
    seed: 10,
    source: `${SCIPY}.gamma(2.5, scale=3)`,
    mean: 7.5,
    variance: 22.5,
    excessKurtosis: 2.4,
    quantiles: [
      [1e-12, 7.686965245245811e-5],
      [0.1, 2.4154619804434843],
      [0.5, 6.52719028664329],
      [0.9, 13.854535349671686],
      [0.999999999999, 97.8580237838753],
    ],
    quantileRelTol: 1e-12,
  },
  {
    name: 'gamma(shape=0.3, rate=2): the shape < 1 boost',
    dist: gamma({ shape: 0.3, rate: 2 }),
    seed: 11,
    source: `${SCIPY}.gamma(0.3, scale=0.5)`,
    mean: 0.15,
    variance: 0.075,
    excessKurtosis: 20,
    quantiles: [
      [1e-12, 3.486349548204666e-41],
      [0.1, 0.00016186231091171635],
      [0.5, 0.03656556793347599],
      [0.9, 0.44240538668012214],
      [0.999999999999, 12.137620741277269],
    ],
    quantileRelTol: 1e-12,
  },
  {
    name: 'gamma(shape=50, scale=0.1)',
    dist: gamma({ shape: 50, scale: 0.1 }),
    seed: 12,
    source: `${SCIPY}.gamma(50, scale=0.1)`,
    mean: 5,
    variance: 0.5,
    excessKurtosis: 0.12,
    quantiles: [
      [1e-12, 1.5042083793080918],
      [0.1, 4.117906790617858],
      [0.5, 4.966706461799423],
      [0.9, 5.924900190553107],
      [0.999999999999, 11.690532168255428],
    ],
    quantileRelTol: 1e-12,
  },
  {
    name: 'uniform(min=1, max=5)',
    dist: uniform({ min: 1, max: 5 }),
    seed: 13,
    source: `${SCIPY}.uniform(1, 4)`,
    mean: 3,
    variance: 4 / 3,
    excessKurtosis: -1.2,
    quantiles: [
      [1e-12, 1.000000000004],
      [0.1, 1.4],
      [0.5, 3],
      [0.9, 4.6],
      [0.999999999999, 4.999999999996],
    ],
  },
];

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe.each(CASES)('$name', (c) => {
  const drawn = (() => {
    const xs = drawSamples((rng) => c.dist.sample(rng), mulberry32(c.seed), N);
    return { xs, sorted: xs.slice().sort() };
  })();

  it(`has the closed-form mean and variance of the reference (${c.source})`, () => {
    expect(relativeError(c.dist.mean, c.mean)).toBeLessThan(1e-12);
    expect(relativeError(c.dist.variance, c.variance)).toBeLessThan(1e-12);
  });

  it('returns the reference quantiles', () => {
    for (const [p, x] of c.quantiles) {
      const tolerance = (c.quantileRelTol ?? 1e-13) * x + (c.quantileAbsTol ?? 0);
      expect(Math.abs(c.dist.quantile(p) - x), `quantile(${p})`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('inverts: cdf(quantile(p)) = p', () => {
    for (const p of [1e-10, 1e-6, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-6, 1 - 1e-10]) {
      // Relative to the smaller tail, with an absolute floor for the x ≈ 0 cancellation of the
      // truncated normal with a negative parent mean (density at 0 × a few ulps of |mean|).
      const tolerance = 1e-10 * Math.min(p, 1 - p) + 1e-12;
      expect(Math.abs(c.dist.cdf(c.dist.quantile(p)) - p), `p = ${p}`).toBeLessThanOrEqual(tolerance);
    }
    expect(c.dist.cdf(c.dist.quantile(0))).toBe(0);
    expect(c.dist.quantile(1)).toBe(c.dist.kind === 'uniform' ? 5 : Infinity);
  });

  it(`draws samples whose mean is within ${Z} standard errors (n = ${N})`, () => {
    const { mean } = sampleMoments(drawn.xs);
    const band = Z * Math.sqrt(c.variance / N);
    expect(Math.abs(mean - c.mean)).toBeLessThanOrEqual(band);
  });

  it(`draws samples whose variance is within ${Z}·σ²·√((κ+2)/n)`, () => {
    const { variance } = sampleMoments(drawn.xs);
    const band = Z * c.variance * Math.sqrt((c.excessKurtosis + 2) / N);
    expect(Math.abs(variance - c.variance)).toBeLessThanOrEqual(band);
  });

  it(`draws samples whose ECDF is within ${Z}·√(F(1−F)/n) of cdf at the reference quantiles`, () => {
    for (const [, x] of c.quantiles) {
      const f = c.dist.cdf(x);
      const band = Z * Math.sqrt((f * (1 - f)) / N) + 1 / N;
      expect(Math.abs(ecdf(drawn.sorted, x) - f), `x = ${x}`).toBeLessThanOrEqual(band);
    }
  });

  it(`passes Kolmogorov–Smirnov below the 99% critical value 1.628/√n = ${ksCritical99(N).toFixed(5)}`, () => {
    expect(ksStatistic(drawn.sorted, (x) => c.dist.cdf(x))).toBeLessThan(ksCritical99(N));
  });

  it('never samples a negative duration or NaN', () => {
    expect(drawn.sorted[0]).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(drawn.sorted[N - 1])).toBe(true);
  });

  it('rejects a p outside [0, 1] naming p', () => {
    for (const p of [-0.1, 1.5, NaN]) {
      expect(() => c.dist.quantile(p)).toThrow(FaultlineError);
      expect(() => c.dist.quantile(p)).toThrow(`${c.dist.kind}.quantile.p: expected a probability in [0, 1]`);
    }
    expect(() => c.dist.cdf(NaN)).toThrow(`${c.dist.kind}.cdf.x: expected a number, got NaN`);
  });
});

describe('exponential', () => {
  it('is the same law given by rate', () => {
    const byRate = exponential({ rate: 0.25 });
    expect(byRate.mean).toBe(4);
    expect(byRate.rate).toBe(0.25);
    expect(byRate.describe()).toBe('exponential(rate=0.25)');
    expect(exponential({ mean: 4 }).describe()).toBe('exponential(mean=4)');
  });

  it('samples -mean·log1p(-u), one draw each, and u = 0 gives +0', () => {
    const d = exponential({ mean: 4 });
    expect(d.sample(replay([0.5]))).toBe(-4 * Math.log1p(-0.5));
    expect(Object.is(d.sample(replay([0])), 0)).toBe(true);
  });

  it('has cdf 0 at and below 0, and 1 at infinity', () => {
    const d = exponential({ mean: 4 });
    expect(d.cdf(-1)).toBe(0);
    expect(d.cdf(0)).toBe(0);
    expect(d.cdf(Infinity)).toBe(1);
  });
});

describe('weibull', () => {
  it('is the exponential at shape 1', () => {
    const d = weibull({ shape: 1, scale: 4 });
    expect(relativeError(d.mean, 4)).toBeLessThan(1e-14);
    expect(relativeError(d.variance, 16)).toBeLessThan(1e-14);
    expect(relativeError(d.cdf(3), exponential({ mean: 4 }).cdf(3))).toBeLessThan(1e-14);
  });

  it('keeps the variance accurate at a large shape, where Γ(1+2/k) − Γ(1+1/k)² cancels', () => {
    // mpmath 1.3.0 at 60 digits: 10²·(Γ(1.04) − Γ(1.02)²).
    const d = weibull({ shape: 50, scale: 10 });
    expect(relativeError(d.variance, 0.062534258560130379)).toBeLessThan(1e-12);
  });
});

describe('lognormal', () => {
  it('maps u = 0 to exactly 0 and describes its parameters as given', () => {
    expect(lognormal({ mu: 1, sigma: 0.5 }).sample(replay([0]))).toBe(0);
    expect(lognormal({ mu: 1, sigma: 0.5 }).describe()).toBe('lognormal(mu=1, sigma=0.5)');
    expect(lognormalFromMoments({ mean: 4, sd: 2 }).describe()).toBe('lognormal(mean=4, sd=2)');
  });

  it('converts moments to mu and sigma: sigma² = ln(1 + sd²/mean²), mu = ln mean − sigma²/2', () => {
    const d = lognormalFromMoments({ mean: 4, sd: 2 });
    expect(d.kind).toBe('lognormal');
    expect(relativeError(d.sigma, Math.sqrt(Math.log(1.25)))).toBeLessThan(1e-15);
    expect(relativeError(d.mu, Math.log(4) - Math.log(1.25) / 2)).toBeLessThan(1e-15);
  });
});

describe('truncatedNormal', () => {
  it('is the half-normal at mean 0: mean √(2/π), variance 1 − 2/π (closed form)', () => {
    const d = truncatedNormal({ mean: 0, sd: 1 });
    expect(relativeError(d.mean, Math.sqrt(2 / Math.PI))).toBeLessThan(1e-15);
    expect(relativeError(d.variance, 1 - 2 / Math.PI)).toBeLessThan(1e-15);
  });

  it('reports the parent parameters apart from the truncated moments', () => {
    const d = truncatedNormal({ mean: 2, sd: 3 });
    expect(d.parentMean).toBe(2);
    expect(d.parentSd).toBe(3);
    expect(d.mean).not.toBe(2);
    expect(d.describe()).toBe('truncatedNormal(mean=2, sd=3)');
  });

  it('is the parent normal when 0 is far below the mean', () => {
    const d = truncatedNormal({ mean: 100, sd: 1 });
    expect(d.mean).toBe(100);
    expect(d.variance).toBe(1);
  });

  it('has accurate moments on both sides of the switch to the asymptotic series (α = 10)', () => {
    // mpmath 1.3.0 at 60 digits, closed form m + sλ and s²(1 + αλ − λ²).
    const references: readonly (readonly [number, number, number])[] = [
      [-9.99, 0.098187777143839566, 0.0094632667525944316],
      [-10, 0.098093233962511963, 0.0094453778256562612],
      [-20, 0.049753068527850542, 0.0024632616150521636],
    ];
    for (const [mean, expectedMean, expectedVariance] of references) {
      const d = truncatedNormal({ mean, sd: 1 });
      expect(relativeError(d.mean, expectedMean), `mean at ${mean}`).toBeLessThan(1e-11);
      expect(relativeError(d.variance, expectedVariance), `variance at ${mean}`).toBeLessThan(1e-10);
    }
  });

  it('maps u = 0 to 0 up to rounding of the parent mean, and never below', () => {
    for (const mean of [-30, -1, 0, 1, 30]) {
      const x = truncatedNormal({ mean, sd: 2 }).sample(replay([0]));
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(mean));
    }
  });

  it('rejects a parent mean more than 37 sd below 0, naming mean', () => {
    expect(() => truncatedNormal({ mean: -75, sd: 2 })).toThrow('truncatedNormal.mean: expected a number >= -37·sd = -74, got -75');
  });
});

describe('gamma', () => {
  it('is the exponential at shape 1', () => {
    const d = gamma({ shape: 1, scale: 4 });
    for (const x of [0.1, 1, 4, 20]) expect(relativeError(d.cdf(x), exponential({ mean: 4 }).cdf(x))).toBeLessThan(1e-13);
    expect(relativeError(d.quantile(0.9), exponential({ mean: 4 }).quantile(0.9))).toBeLessThan(1e-13);
  });

  it('inverts the cdf across shapes and extreme probabilities (mpmath 1.3.0 findroot on ln P, ln Q)', () => {
    const references: readonly (readonly [number, number, number])[] = [
      [0.05, 1e-12, 5.8446320572866766e-241],
      [0.05, 0.5, 5.5738784407462475e-7],
      [0.05, 0.999999999999, 21.697680480762633],
      [0.3, 1e-12, 6.9726990964093372e-41],
      [1, 1e-300, 1e-300],
      [2.5, 1e-300, 1.6167038902915642e-120],
      [50, 1e-300, 1.948326167006778e-5],
      [1e4, 1e-12, 9312.6289698542264],
      [1e4, 0.5, 9999.6666686420474],
      [1e4, 0.999999999999, 10719.692099677294],
    ];
    for (const [shape, p, x] of references) {
      expect(relativeError(gamma({ shape, scale: 1 }).quantile(p), x), `shape ${shape}, p ${p}`).toBeLessThan(1e-11);
    }
  });

  it('returns 0 for a quantile below the smallest double', () => {
    // mpmath: the 1e-300 quantile of gamma(0.3) is 7e-1001, that of gamma(0.001) at 0.3 is ~1e-523.
    expect(gamma({ shape: 0.3, scale: 1 }).quantile(1e-300)).toBe(0);
    expect(gamma({ shape: 0.001, scale: 1 }).quantile(0.3)).toBe(0);
  });

  it('describes the parameters as given', () => {
    expect(gamma({ shape: 2, rate: 0.5 }).describe()).toBe('gamma(shape=2, rate=0.5)');
    expect(gamma({ shape: 2, rate: 0.5 }).scale).toBe(2);
    expect(gamma({ shape: 2, scale: 3 }).describe()).toBe('gamma(shape=2, scale=3)');
  });
});

describe('uniform', () => {
  it('has the step ends right', () => {
    const d = uniform({ min: 1, max: 5 });
    expect(d.cdf(0.5)).toBe(0);
    expect(d.cdf(1)).toBe(0);
    expect(d.cdf(5)).toBe(1);
    expect(d.quantile(0)).toBe(1);
    expect(d.quantile(1)).toBe(5);
    expect(d.sample(replay([0]))).toBe(1);
    expect(uniform({ min: 0, max: 2 }).mean).toBe(1);
  });
});

describe('deterministic', () => {
  it('is a point mass that consumes no draw', () => {
    const d = deterministic({ value: 3 });
    expect(d.sample(replay([]))).toBe(3);
    expect(d.mean).toBe(3);
    expect(d.variance).toBe(0);
    expect(d.cdf(2.999)).toBe(0);
    expect(d.cdf(3)).toBe(1);
    for (const p of [0, 0.5, 1]) expect(d.quantile(p)).toBe(3);
    expect(d.describe()).toBe('deterministic(value=3)');
  });

  it('allows 0', () => {
    expect(deterministic({ value: 0 }).sample(replay([]))).toBe(0);
  });
});

describe('empirical', () => {
  // Hand-worked: sorted 1, 2, 2, 3, 7; F = 0.2 at 1, 0.6 on [2, 3), 0.8 on [3, 7), 1 from 7.
  const input = [3, 1, 2, 7, 2];
  const d = empirical(input);

  it('has the ECDF as cdf', () => {
    const expected: readonly (readonly [number, number])[] = [
      [0.5, 0],
      [1, 0.2],
      [1.5, 0.2],
      [2, 0.6],
      [2.9, 0.6],
      [3, 0.8],
      [6.9, 0.8],
      [7, 1],
      [Infinity, 1],
    ];
    for (const [x, f] of expected) expect(d.cdf(x), `cdf(${x})`).toBe(f);
  });

  it('has the type-1 inverse ECDF as quantile (smallest x with F(x) ≥ p)', () => {
    const expected: readonly (readonly [number, number])[] = [
      [0, 1],
      [0.1, 1],
      [0.2, 1],
      [0.2000001, 2],
      [0.6, 2],
      [0.6000001, 3],
      [0.8, 3],
      [0.8000001, 7],
      [1, 7],
    ];
    for (const [p, x] of expected) expect(d.quantile(p), `quantile(${p})`).toBe(x);
  });

  it('agrees with the definition for every p on a grid, whatever p·n rounds to', () => {
    for (let n = 1; n <= 40; n++) {
      const values = Array.from({ length: n }, (_, i) => i + 1);
      const e = empirical(values);
      for (let j = 0; j <= 4 * n; j++) {
        for (const p of [j / (4 * n), (j / 4) * (1 / n), Math.min(1, j / (4 * n) + Number.EPSILON / 4)]) {
          const byDefinition = values.find((x) => e.cdf(x) >= p);
          expect(e.quantile(p), `n = ${n}, p = ${p}`).toBe(byDefinition);
        }
      }
    }
  });

  it('has the sample mean and the population variance (divided by n)', () => {
    expect(d.mean).toBe(3);
    expect(d.variance).toBeCloseTo(22 / 5, 14);
    expect(d.size).toBe(5);
    expect(d.describe()).toBe('empirical(n=5, min=1, max=7)');
  });

  it('samples sorted[floor(u·n)]', () => {
    const draws = [0, 0.19, 0.2, 0.59, 0.6, 0.79, 0.8, 0.999];
    expect(draws.map((u) => d.sample(replay([u])))).toEqual([1, 1, 2, 2, 3, 3, 7, 7]);
  });

  it(`draws each atom with its probability, within ${Z} binomial standard errors (n = ${N})`, () => {
    const xs = drawSamples((rng) => d.sample(rng), mulberry32(14), N);
    for (const [atom, p] of [
      [1, 0.2],
      [2, 0.4],
      [3, 0.2],
      [7, 0.2],
    ] as const) {
      const frequency = xs.filter((x) => x === atom).length / N;
      expect(Math.abs(frequency - p), `atom ${atom}`).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / N));
    }
    // Excess kurtosis of the 5-point law, by hand: μ₄ = (16 + 1 + 1 + 0 + 256)/5 = 54.8, σ⁴ = 19.36.
    const { mean, variance } = sampleMoments(xs);
    expect(Math.abs(mean - 3)).toBeLessThanOrEqual(Z * Math.sqrt(4.4 / N));
    expect(Math.abs(variance - 4.4)).toBeLessThanOrEqual(Z * Math.sqrt((54.8 - 19.36) / N));
  });

  it('copies its input', () => {
    const samples = [2, 1];
    const e = empirical(samples);
    samples[0] = 100;
    expect(e.quantile(1)).toBe(2);
    expect(input).toEqual([3, 1, 2, 7, 2]);
  });
});

describe('invalid parameters throw FaultlineError naming the parameter', () => {
  const cases: readonly (readonly [string, () => unknown, string])[] = [
    ['exponential mean', () => exponential({ mean: -4 }), 'exponential.mean: expected a finite number > 0, got -4'],
    ['exponential rate', () => exponential({ rate: 0 }), 'exponential.rate: expected a finite number > 0, got 0'],
    ['exponential NaN', () => exponential({ mean: NaN }), 'exponential.mean: expected a finite number > 0, got NaN'],
    ['exponential both', () => exponential({ mean: 4, rate: 0.25 } as never), 'exponential.rate: expected to be absent when mean is given'],
    ['exponential neither', () => exponential({} as never), 'exponential.mean:'],
    ['exponential tiny rate', () => exponential({ rate: 1e-320 }), 'exponential.rate:'],
    ['weibull shape', () => weibull({ shape: 0, scale: 1 }), 'weibull.shape: expected a finite number > 0, got 0'],
    ['weibull scale', () => weibull({ shape: 1, scale: Infinity }), 'weibull.scale: expected a finite number > 0, got Infinity'],
    ['lognormal mu', () => lognormal({ mu: NaN, sigma: 1 }), 'lognormal.mu: expected a finite number, got NaN'],
    ['lognormal sigma', () => lognormal({ mu: 0, sigma: 0 }), 'lognormal.sigma: expected a finite number > 0, got 0'],
    ['lognormalFromMoments mean', () => lognormalFromMoments({ mean: -1, sd: 1 }), 'lognormalFromMoments.mean: expected a finite number > 0, got -1'],
    ['lognormalFromMoments sd', () => lognormalFromMoments({ mean: 1, sd: 0 }), 'lognormalFromMoments.sd: expected a finite number > 0, got 0'],
    ['lognormalFromMoments extreme sd', () => lognormalFromMoments({ mean: 1e-300, sd: 1e300 }), 'lognormalFromMoments.sd:'],
    ['truncatedNormal mean', () => truncatedNormal({ mean: Infinity, sd: 1 }), 'truncatedNormal.mean: expected a finite number, got Infinity'],
    ['truncatedNormal sd', () => truncatedNormal({ mean: 1, sd: -1 }), 'truncatedNormal.sd: expected a finite number > 0, got -1'],
    ['gamma shape', () => gamma({ shape: -1, scale: 1 }), 'gamma.shape: expected a finite number > 0, got -1'],
    ['gamma scale', () => gamma({ shape: 1, scale: 0 }), 'gamma.scale: expected a finite number > 0, got 0'],
    ['gamma rate', () => gamma({ shape: 1, rate: -2 }), 'gamma.rate: expected a finite number > 0, got -2'],
    ['gamma both', () => gamma({ shape: 1, scale: 1, rate: 1 } as never), 'gamma.rate: expected to be absent when scale is given'],
    ['uniform negative min', () => uniform({ min: -1, max: 1 }), 'uniform.min: expected a finite number >= 0, got -1'],
    ['uniform max', () => uniform({ min: 2, max: 2 }), 'uniform.max: expected a finite number > min = 2, got 2'],
    ['deterministic negative', () => deterministic({ value: -1 }), 'deterministic.value: expected a finite number >= 0, got -1'],
    ['deterministic NaN', () => deterministic({ value: NaN }), 'deterministic.value: expected a finite number >= 0, got NaN'],
    ['empirical empty', () => empirical([]), 'empirical.samples: expected a non-empty array of durations, got []'],
    ['empirical NaN', () => empirical([1, NaN]), 'empirical.samples[1]: expected a finite number >= 0, got NaN'],
    ['empirical infinite', () => empirical([Infinity]), 'empirical.samples[0]: expected a finite number >= 0, got Infinity'],
    ['empirical negative', () => empirical([1, 2, -3]), 'empirical.samples[2]: expected a finite number >= 0, got -3'],
    ['empirical sparse', () => empirical([1, , 2] as number[]), 'empirical.samples[1]: expected a finite number >= 0, got undefined'],
  ];

  it.each(cases)('%s', (_, build, message) => {
    expect(build).toThrow(FaultlineError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (error) {
      expect((error as FaultlineError).code).toBe('INVALID_PARAMETER');
    }
  });
});
